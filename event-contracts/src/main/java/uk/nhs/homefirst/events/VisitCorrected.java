package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * Hub staff corrected a visit: the visit as it now stands, whole, on the referral it now counts for.
 * Of a visit's events the highest {@code revision} stands, whatever order they arrive in.
 * Operational facts only.
 *
 * @param revision           0 is the visit as recorded, each void or correction adds one
 * @param correctedAt        when hub-allocation-service recorded the correction
 * @param previousReferralId the referral the visit was recorded against, when the correction moved
 *                           it (a {@link VisitVoided} for that referral goes with it); null otherwise
 * @param visitedAt          when the visit took place, as corrected: the business time a clock reads
 * @param staffRole          null for a visit recorded before roles were
 */
public record VisitCorrected(
        String visitId,
        String referralId,
        String hubId,
        int revision,
        Instant correctedAt,
        VisitChangeReason reason,
        String previousReferralId,
        Instant visitedAt,
        VisitOutcome outcome,
        ContactType contactType,
        StaffRole staffRole) {

    public static final String TYPE = "uk.nhs.homefirst.VisitCorrected.v1";
}
