package uk.nhs.homefirst.referral.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * A referral as its referrer reads it back.
 *
 * @param receivedAt       the response clock's start
 * @param statedReceivedAt the time the referrer stated, if any
 * @param clockStart       STATED when the stated time was accepted as the clock start, RECORDED otherwise
 */
public record ReferralView(
        String id,
        String status,
        Instant receivedAt,
        Instant recordedAt,
        Instant statedReceivedAt,
        String clockStart,
        String source,
        String sourceSystem,
        String sourceReferralId,
        String requestedUrgency,
        List<String> clinicalNeeds,
        Reason reason,
        Patient patient,
        Referrer referrer) {

    public record Reason(String text, String snomedCode) {
    }

    public record Patient(String nhsNumber, String givenName, String familyName, LocalDate dateOfBirth, String postcode,
            String gpPracticeOdsCode, String phone) {
    }

    public record Referrer(String organisationOdsCode, String role, String name) {
    }

    static ReferralView of(Referral r) {
        boolean stated = r.statedReceivedAt != null && r.statedReceivedAt.equals(r.receivedAt);
        return new ReferralView(r.id.toString(), r.status.name(), r.receivedAt, r.recordedAt, r.statedReceivedAt,
                stated ? "STATED" : "RECORDED", r.source.name(), r.sourceSystem, r.sourceReferralId,
                r.requestedUrgency.name(), List.of(r.clinicalNeeds), new Reason(r.reasonText, r.snomedCode),
                new Patient(r.nhsNumber, r.givenName, r.familyName, r.dateOfBirth, r.postcode, r.gpPracticeOdsCode,
                        r.phone),
                new Referrer(r.referrerOdsCode, r.referrerRole.name(), r.referrerName));
    }
}
