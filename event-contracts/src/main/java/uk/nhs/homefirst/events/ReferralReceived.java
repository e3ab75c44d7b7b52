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
 * @param clinicalNeeds    what the triage rules read; empty (since 1.3.0) only for a FHIR referral whose SNOMED CT
 *                         reason maps to no need: the LDU reviews it from {@code reason.text}
 * @param discharge        for a hospital's discharge-to-assess referral made before the patient leaves:
 *                         the expected date and discharge pathway; null otherwise (since v1, optional)
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
        Referrer referrer,
        Discharge discharge) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralReceived.v1";

    /** A referral of a patient already at home: no discharge to wait for. */
    public ReferralReceived(String referralId, Instant receivedAt, Instant recordedAt, Instant statedReceivedAt,
            ReferralSource source, String sourceSystem, String sourceReferralId, RequestedUrgency requestedUrgency,
            List<ClinicalNeed> clinicalNeeds, Reason reason, Patient patient, Referrer referrer) {
        this(referralId, receivedAt, recordedAt, statedReceivedAt, source, sourceSystem, sourceReferralId,
                requestedUrgency, clinicalNeeds, reason, patient, referrer, null);
    }

    /**
     * A discharge the referral waits for: its clocks start at the confirmed discharge ({@link PatientDischarged}).
     *
     * @param expectedDate the day the hospital expects the patient to leave; may be null when not known yet
     * @param pathway      the national discharge pathway, 0 to 3; may be null until the hospital knows it
     */
    public record Discharge(LocalDate expectedDate, Integer pathway) {
    }

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
