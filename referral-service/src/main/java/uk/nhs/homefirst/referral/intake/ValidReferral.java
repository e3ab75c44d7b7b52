package uk.nhs.homefirst.referral.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;

/** A referral whose every field passed validation, normalised and typed. */
public record ValidReferral(
        ReferralSource source,
        String sourceSystem,
        String sourceReferralId,
        RequestedUrgency requestedUrgency,
        Instant statedReceivedAt,
        List<ClinicalNeed> clinicalNeeds,
        String reasonText,
        String snomedCode,
        String nhsNumber,
        String givenName,
        String familyName,
        LocalDate dateOfBirth,
        Postcode postcode,
        String gpPracticeOdsCode,
        String phone,
        String referrerOdsCode,
        ReferrerRole referrerRole,
        String referrerName,
        Discharge discharge) {

    public ValidReferral(ReferralSource source, String sourceSystem, String sourceReferralId,
            RequestedUrgency requestedUrgency, Instant statedReceivedAt, List<ClinicalNeed> clinicalNeeds,
            String reasonText, String snomedCode, String nhsNumber, String givenName, String familyName,
            LocalDate dateOfBirth, Postcode postcode, String gpPracticeOdsCode, String phone, String referrerOdsCode,
            ReferrerRole referrerRole, String referrerName) {
        this(source, sourceSystem, sourceReferralId, requestedUrgency, statedReceivedAt, clinicalNeeds, reasonText,
                snomedCode, nhsNumber, givenName, familyName, dateOfBirth, postcode, gpPracticeOdsCode, phone,
                referrerOdsCode, referrerRole, referrerName, null);
    }

    /** A discharge the referral waits for; either part may be unknown yet. */
    public record Discharge(LocalDate expectedDate, Integer pathway) {
    }
}
