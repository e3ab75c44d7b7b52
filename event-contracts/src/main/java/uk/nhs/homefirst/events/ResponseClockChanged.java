package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * A referral's response clock started, or its status or deadline changed, as the target monitor
 * judges it: sent when an event changes the clock (a decision, a discharge, a visit, its void or
 * correction, a cancellation or closure). A clock that breaches by time alone is not sent again
 * (ResponseBreached announces it); a reader takes a PENDING clock whose deadline has passed as breached.
 * Travels on {@link Topics#RESPONSE_CLOCKS}, keyed by referral id. Carries no patient data.
 *
 * @param clockNumber 1 for the referral's first clock, then 2, 3 for clocks a re-triage started
 * @param hubId       the hub the clock counts for when it changed, or UNALLOCATED
 * @param changedAt   when the monitor judged the change: of two for one clock, the later stands
 */
public record ResponseClockChanged(
        String referralId,
        int clockNumber,
        String hubId,
        ResponseStandard standard,
        ResponseClockStatus status,
        Instant startedAt,
        Instant deadline,
        Instant changedAt) {

    public static final String TYPE = "uk.nhs.homefirst.ResponseClockChanged.v1";
}
