package uk.nhs.homefirst.referral.intake;

import java.util.List;

/**
 * A referral as a referrer sends it to {@code POST /api/referrals}. Everything is text here, so
 * that the validator can judge every field and report all that are wrong at once, rather than the
 * JSON reader stopping at the first value of the wrong type.
 */
public record ReferralRequest(
        String source,
        String sourceSystem,
        String sourceReferralId,
        String requestedUrgency,
        String receivedAt,
        List<String> clinicalNeeds,
        Reason reason,
        Patient patient,
        Referrer referrer,
        Discharge discharge) {

    /** A referral with no discharge to wait for. */
    public ReferralRequest(String source, String sourceSystem, String sourceReferralId, String requestedUrgency,
            String receivedAt, List<String> clinicalNeeds, Reason reason, Patient patient, Referrer referrer) {
        this(source, sourceSystem, sourceReferralId, requestedUrgency, receivedAt, clinicalNeeds, reason, patient,
                referrer, null);
    }

    /**
     * A hospital's discharge-to-assess referral, made before the patient leaves.
     *
     * @param expectedDate the day the hospital expects the discharge, ISO-8601; optional
     * @param pathway      the national discharge pathway, 0 to 3; optional until known
     */
    public record Discharge(String expectedDate, Integer pathway) {
    }

    public record Reason(String text, String snomedCode) {
    }

    public record Patient(
            String nhsNumber,
            String givenName,
            String familyName,
            String dateOfBirth,
            String postcode,
            String gpPracticeOdsCode,
            String phone) {
    }

    public record Referrer(String organisationOdsCode, String role, String name) {
    }
}
