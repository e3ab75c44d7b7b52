package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * A referral's response clock passed its deadline with no attended visit: announced at the
 * deadline, once per clock and hub the breach counts for. Travels on {@link Topics#TARGET_ALERTS},
 * keyed by hub id. Carries no patient data.
 *
 * @param clockNumber 1 for the referral's first clock, then 2, 3 for clocks a re-triage started
 * @param hubId       the hub holding the referral at the deadline, or UNALLOCATED
 * @param announcedAt when the monitor announced it: at the deadline, or when it learned of the clock later
 */
public record ResponseBreached(
        String referralId,
        int clockNumber,
        String hubId,
        ResponseStandard standard,
        Instant startedAt,
        Instant deadline,
        Instant announcedAt) {

    public static final String TYPE = "uk.nhs.homefirst.ResponseBreached.v1";
}
