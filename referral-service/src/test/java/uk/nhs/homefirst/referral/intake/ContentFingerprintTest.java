package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * The fingerprint of a referral is stored with it, and a retry is told from a different referral by
 * comparing them: the digest of the same content must never change between versions of the service.
 * The expected digests were computed by the first implementation.
 */
class ContentFingerprintTest {

    @Test
    void aReferralHasTheDigestItAlwaysHad() {
        ValidReferral referral = new ValidReferral(ReferralSource.GP, "EMIS-WEB", "REF-2026-000123", RequestedUrgency.CRISIS,
                Instant.parse("2026-11-23T09:00:00Z"), List.of(ClinicalNeed.FRAILTY_DECOMPENSATION, ClinicalNeed.FALLS),
                "Fall at home, cannot get up", "217082002", "9990000018", "Mary", "Shelley", LocalDate.parse("1950-05-17"),
                new Postcode("LE11", "3TU"), "C82001", "0116 496 0000", "C82001", ReferrerRole.GP, "Dr A Patel");

        assertThat(ContentFingerprint.of(referral))
                .isEqualTo("0691024f20b990ab35424a776743fdbf059529233e4dc98241d80638cca0fc2b");
    }

    @Test
    void absentFieldsCountAsEmptyAndNamesKeepTheirLetters() {
        ValidReferral referral = new ValidReferral(ReferralSource.SELF_OR_CARER, null, null, RequestedUrgency.ROUTINE, null,
                List.of(ClinicalNeed.REABLEMENT_NEED), "Needs help", null, "9990000018", "Zoë", "Nguyễn",
                LocalDate.parse("1950-05-17"), new Postcode("LE11", "3TU"), "C82001", null, "C82001",
                ReferrerRole.PATIENT_OR_CARER, "Zoë Nguyễn");

        assertThat(ContentFingerprint.of(referral))
                .isEqualTo("0eae8aeea0021ae7f78d4726ff55b5c964489a9cea239725d8c8808b4e1a5158");
    }

    @Test
    void theOrderOfTheNeedsDoesNotMatter() {
        ValidReferral one = referralWith(List.of(ClinicalNeed.FALLS, ClinicalNeed.DELIRIUM));
        ValidReferral other = referralWith(List.of(ClinicalNeed.DELIRIUM, ClinicalNeed.FALLS));
        assertThat(ContentFingerprint.of(one)).isEqualTo(ContentFingerprint.of(other))
                .isNotEqualTo(ContentFingerprint.of(referralWith(List.of(ClinicalNeed.FALLS))));
    }

    private static ValidReferral referralWith(List<ClinicalNeed> needs) {
        return new ValidReferral(ReferralSource.GP, "EMIS-WEB", "REF-1", RequestedUrgency.CRISIS, null, needs, "Fall",
                null, "9990000018", "Mary", "Shelley", LocalDate.parse("1950-05-17"), new Postcode("LE11", "3TU"),
                "C82001", null, "C82001", ReferrerRole.GP, "Dr A Patel");
    }
}
