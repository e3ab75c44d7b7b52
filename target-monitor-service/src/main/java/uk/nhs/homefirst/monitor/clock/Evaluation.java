package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.util.List;

/**
 * What a referral's history means for the targets.
 *
 * @param clocks              its response clocks, in the order they started
 * @param awaitingTriageSince when it was received, if it is neither triaged nor cancelled; otherwise null
 */
public record Evaluation(List<ResponseClock> clocks, Instant awaitingTriageSince) {

    public static final Evaluation NOTHING = new Evaluation(List.of(), null);
}
