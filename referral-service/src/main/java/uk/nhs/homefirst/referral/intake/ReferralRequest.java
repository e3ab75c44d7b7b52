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
        Referrer referrer) {

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
