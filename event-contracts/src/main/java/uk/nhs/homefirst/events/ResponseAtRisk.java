package uk.nhs.homefirst.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A referral's response clock has less than its standard's at-risk margin left and no attended
 * visit: a warning before it breaches, sent once per clock. Travels on {@link Topics#TARGET_ALERTS},
 * keyed by hub id. Carries no patient data.
 *
 * @param clockNumber 1 for the referral's first clock, then 2, 3 for clocks a re-triage started
 * @param timeLeft    how long was left when the warning was given
 */
public record ResponseAtRisk(
        String referralId,
        int clockNumber,
        String hubId,
        ResponseStandard standard,
        Instant startedAt,
        Instant deadline,
        Duration timeLeft,
        Instant warnedAt) {

    public static final String TYPE = "uk.nhs.homefirst.ResponseAtRisk.v1";
}
