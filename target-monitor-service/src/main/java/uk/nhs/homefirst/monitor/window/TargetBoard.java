package uk.nhs.homefirst.monitor.window;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import uk.nhs.homefirst.monitor.clock.Evaluation;

/**
 * The board every instance serves its figures from, guarded for the thread that feeds it and the
 * threads that read it. Each read first moves the board to "now", so a clock breaches at its
 * deadline.
 */
public final class TargetBoard {

    private final ClockBoard board = new ClockBoard();

    /**
     * Replaces what the board knows of these referrals, once it has moved to {@code now} as a read
     * would: a clock already past its deadline goes straight to the breaches rather than through
     * the pending clocks (which matters when hundreds of thousands arrive at once, on a replay).
     */
    public synchronized void update(Map<String, Evaluation> evaluations, Instant now) {
        board.advanceTo(now);
        evaluations.forEach(board::update);
    }

    public synchronized <T> T read(Instant now, Function<ClockBoard, T> query) {
        board.advanceTo(now);
        return query.apply(board);
    }
}
