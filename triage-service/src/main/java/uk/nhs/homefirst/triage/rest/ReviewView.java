package uk.nhs.homefirst.triage.rest;

import java.time.Instant;
import uk.nhs.homefirst.triage.store.TriageCase;

/**
 * Why a person asked for the case to be reviewed, until the next decision.
 *
 * @param cause  SENT_BACK (a clinician sent it back), PASSED_ON (a decision routed it to this LDU) or
 *               UNCODED_NEEDS (the referral came with no clinical need coded)
 * @param reason the reason code they gave
 * @param hubId  for HUB_SENT_BACK, the hub that sent it back (its staff's words are on hub-allocation-service's
 *               {@code GET /api/allocations/{referralId}}); null otherwise
 */
public record ReviewView(String cause, Instant requestedAt, String requestedBy, String reason, String hubId) {

    static ReviewView of(TriageCase c) {
        return c.reviewCause == null ? null
                : new ReviewView(c.reviewCause, c.reviewRequestedAt, c.reviewRequestedBy, c.reviewReason, c.reviewHubId);
    }
}
