package uk.nhs.homefirst.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A referral was accepted by referral-service. Carries patient identifiers, so it travels only on
 * {@link Topics#REFERRALS}.
 *
 * @param receivedAt       the clock start: the referrer's stated time when it was accepted, otherwise {@code recordedAt}
 * @param recordedAt       when referral-service accepted the referral
 * @param statedReceivedAt the time the referrer stated, kept even when it was not accepted as the clock start; may be null
 * @param sourceSystem     the referrer's system, for de-duplication of its retries; may be null
 * @param sourceReferralId the referral's id in that system; may be null
 */
public record ReferralReceived(
        String referralId,
        Instant receivedAt,
        Instant recordedAt,
        Instant statedReceivedAt,
        ReferralSource source,
        String sourceSystem,
        String sourceReferralId,
        RequestedUrgency requestedUrgency,
        List<ClinicalNeed> clinicalNeeds,
        Reason reason,
        Patient patient,
        Referrer referrer) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralReceived.v1";

    /** @param snomedCode an optional SNOMED CT concept id; may be null */
    public record Reason(String text, String snomedCode) {
    }

    /** @param postcodeDistrict the outward code of {@code postcode}, for example "LE11" */
    public record Patient(
            String nhsNumber,
            String givenName,
            String familyName,
            LocalDate dateOfBirth,
            String postcode,
            String postcodeDistrict,
            String gpPracticeOdsCode,
            String phone) {
    }

    public record Referrer(String organisationOdsCode, ReferrerRole role, String name) {
    }
}
