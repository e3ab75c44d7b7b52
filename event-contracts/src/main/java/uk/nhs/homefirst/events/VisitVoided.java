package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * Hub staff voided a visit: it no longer counts for the referral, and no longer stops its clock.
 * The visit is kept, never deleted. Also sent for the old referral when a correction moves a visit
 * to another one ({@code reason} WRONG_REFERRAL, {@code movedToReferralId} set), beside the
 * {@link VisitCorrected} for the new one. Operational facts only.
 *
 * @param revision          the visit's revision this void makes: 0 is the visit as recorded, each
 *                          void or correction adds one; of a visit's events, the highest revision stands
 * @param voidedAt          when hub-allocation-service recorded the void
 * @param movedToReferralId the referral the visit was moved to; null for a plain void
 */
public record VisitVoided(
        String visitId,
        String referralId,
        String hubId,
        int revision,
        Instant voidedAt,
        VisitChangeReason reason,
        String movedToReferralId) {

    public static final String TYPE = "uk.nhs.homefirst.VisitVoided.v1";
}
