package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * The operational facts of a received referral: what triage needs, and nothing that identifies the
 * patient.
 *
 * @param postcodeDistrict the outward code only, such as "LE11"; may be null
 * @param dischargePathway the discharge pathway (0 to 3) of a hospital's referral before discharge; may be null
 */
public record NewReferral(
        UUID referralId,
        Instant receivedAt,
        ReferralSource source,
        RequestedUrgency requestedUrgency,
        List<ClinicalNeed> clinicalNeeds,
        String postcodeDistrict,
        String gpPracticeOdsCode,
        Integer dischargePathway) {

    public NewReferral(UUID referralId, Instant receivedAt, ReferralSource source, RequestedUrgency requestedUrgency,
            List<ClinicalNeed> clinicalNeeds, String postcodeDistrict, String gpPracticeOdsCode) {
        this(referralId, receivedAt, source, requestedUrgency, clinicalNeeds, postcodeDistrict, gpPracticeOdsCode, null);
    }

    public NewReferral {
        Objects.requireNonNull(referralId, "referralId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(requestedUrgency, "requestedUrgency");
        clinicalNeeds = List.copyOf(clinicalNeeds);
    }
}
