package uk.nhs.homefirst.triage.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * Referral events with realistic but fake patients: NHS numbers from the 999 test range, invented
 * names and phone numbers from Ofcom's drama range.
 */
public final class FakeReferrals {

    public static final String NHS_NUMBER = "9990000018";
    public static final String GIVEN_NAME = "Edith";
    public static final String FAMILY_NAME = "Testwell";
    public static final LocalDate DATE_OF_BIRTH = LocalDate.of(1938, 6, 14);
    public static final String POSTCODE = "LE11 3TU";
    public static final String PHONE = "07700 900461";

    private FakeReferrals() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static ReferralReceived received(String referralId, Instant receivedAt, RequestedUrgency urgency,
            ClinicalNeed... needs) {
        return receivedIn(POSTCODE, referralId, receivedAt, urgency, needs);
    }

    /** A referral of a patient at another postcode, such as "LE2 1AA" (city) or "NG1 5DT" (outside LLR). */
    public static ReferralReceived receivedIn(String postcode, String referralId, Instant receivedAt,
            RequestedUrgency urgency, ClinicalNeed... needs) {
        return new ReferralReceived(referralId, receivedAt, receivedAt.plusSeconds(30), receivedAt,
                ReferralSource.AMBULANCE, "CAD-EMAS", "EMAS-" + Integer.toHexString(referralId.hashCode()), urgency, List.of(needs),
                new ReferralReceived.Reason("Found on floor by carer, long lie, not injured", "217082002"),
                new ReferralReceived.Patient(NHS_NUMBER, GIVEN_NAME, FAMILY_NAME, DATE_OF_BIRTH, postcode,
                        postcode.substring(0, postcode.indexOf(' ')),
                        "C82001", PHONE),
                new ReferralReceived.Referrer("RX9", ReferrerRole.PARAMEDIC, "Paramedic J Fakename"));
    }

    /** A hospital's discharge-to-assess referral, made before the patient leaves, on a discharge pathway 0 to 3. */
    public static ReferralReceived awaitingDischarge(String referralId, Instant receivedAt, int dischargePathway,
            ClinicalNeed... needs) {
        ReferralReceived r = received(referralId, receivedAt, RequestedUrgency.ROUTINE, needs);
        return new ReferralReceived(r.referralId(), r.receivedAt(), r.recordedAt(), r.statedReceivedAt(),
                ReferralSource.ACUTE_HOSPITAL, null, null, r.requestedUrgency(), r.clinicalNeeds(), r.reason(), r.patient(),
                new ReferralReceived.Referrer("RWE", ReferrerRole.HOSPITAL_DOCTOR, "Ward 7 discharge team"),
                new ReferralReceived.Discharge(receivedAt.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(2),
                        dischargePathway));
    }

    public static ReferralCancelled cancelled(String referralId, Instant cancelledAt) {
        return new ReferralCancelled(referralId, cancelledAt, CancellationReason.PATIENT_ADMITTED,
                "Admitted to ward 7 under Edith Testwell");
    }
}
