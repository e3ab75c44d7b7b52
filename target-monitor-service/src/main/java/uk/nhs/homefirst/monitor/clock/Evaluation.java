package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.util.List;

/**
 * What a referral's history means for the targets.
 *
 * @param clocks              its response clocks, in the order they started
 * @param awaitingTriageSince when it was received, if it is neither triaged nor cancelled; otherwise null
 * @param origin              hospital discharge or community: how QS173 splits every figure
 * @param awaitingDischarge   set while a hospital referral waits for its patient's discharge to start a clock
 */
public record Evaluation(List<ResponseClock> clocks, Instant awaitingTriageSince, Origin origin,
        AwaitingDischarge awaitingDischarge) {

    public static final Evaluation NOTHING = new Evaluation(List.of(), null);

    public Evaluation {
        // Boards and stores written before origins were known hold community referrals only.
        origin = origin == null ? Origin.COMMUNITY : origin;
    }

    /** A community referral's evaluation. */
    public Evaluation(List<ResponseClock> clocks, Instant awaitingTriageSince) {
        this(clocks, awaitingTriageSince, Origin.COMMUNITY, null);
    }
}
