package uk.nhs.homefirst.monitor;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ReferralHistory;
import uk.nhs.homefirst.monitor.clock.ResponseClocks;
import uk.nhs.homefirst.monitor.window.ClockBoard;

/**
 * The monitor's state: the history of every referral and the board of their clocks. Each fact
 * re-evaluates its referral's clocks from the whole history, so the board never depends on the
 * order facts arrived in. Plain Java; thread-safe.
 */
public final class TargetMonitor {

    private final ClockRules rules;
    private final Map<String, ReferralHistory> histories = new HashMap<>();
    private final ClockBoard board = new ClockBoard();
    private long factsApplied;

    public TargetMonitor(ClockRules rules) {
        this.rules = rules;
    }

    /** Applies facts in one step. Returns how many changed what the monitor knows. */
    public synchronized int apply(List<? extends Fact> facts) {
        int changed = 0;
        for (Fact fact : facts) {
            ReferralHistory history = histories.computeIfAbsent(fact.referralId(), ReferralHistory::new);
            if (history.add(fact)) {
                board.update(fact.referralId(), ResponseClocks.evaluate(history, rules));
                changed++;
            }
        }
        factsApplied += facts.size();
        return changed;
    }

    public int apply(Fact fact) {
        return apply(List.of(fact));
    }

    /** Moves the board to {@code now} (breaching clocks whose deadline passed), then asks it. */
    public synchronized <T> T read(Instant now, Function<ClockBoard, T> query) {
        board.advanceTo(now);
        return query.apply(board);
    }

    public synchronized long factsApplied() {
        return factsApplied;
    }

    public synchronized int referralCount() {
        return histories.size();
    }

    public ClockRules rules() {
        return rules;
    }
}
