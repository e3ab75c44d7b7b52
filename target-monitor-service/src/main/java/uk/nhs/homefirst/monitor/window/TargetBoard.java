package uk.nhs.homefirst.monitor.window;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import uk.nhs.homefirst.monitor.clock.Evaluation;

/**
 * The board every instance serves its figures from: the clocks that count now of every referral,
 * guarded for the thread that feeds it and the threads that read it. Each read first moves the
 * board to "now", so that a clock breaches at its deadline without waiting for anything to arrive.
 */
public final class TargetBoard {

    private ClockBoard board = new ClockBoard();

    /** Replaces what the board shows of one referral; {@link Evaluation#NOTHING} takes it off. */
    public synchronized void update(String referralId, Evaluation evaluation) {
        board.update(referralId, evaluation);
    }

    /** Replaces the whole board: what it is rebuilt from after a start. */
    public synchronized void replaceAll(Map<String, Evaluation> evaluations) {
        ClockBoard rebuilt = new ClockBoard();
        rebuilt.advanceTo(board.now());
        rebuilt.updateAll(evaluations);
        board = rebuilt;
    }

    public synchronized <T> T read(Instant now, Function<ClockBoard, T> query) {
        board.advanceTo(now);
        return query.apply(board);
    }
}
