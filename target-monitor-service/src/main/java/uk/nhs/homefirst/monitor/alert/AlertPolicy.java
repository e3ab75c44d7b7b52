package uk.nhs.homefirst.monitor.alert;

import java.math.BigDecimal;
import uk.nhs.homefirst.monitor.window.WindowCounts;

/**
 * When a hub's rolling percentage for a standard raises an alert and when it resolves it. Plain
 * Java.
 *
 * <ul>
 * <li>Raised when the percentage falls below {@code threshold} and at least {@code minimumResolved}
 * clocks resolved in the window, so that 0 of 1 raises nothing.</li>
 * <li>Resolved when the percentage is back at or above {@code threshold + hysteresis}, so that a
 * percentage hovering at the threshold does not raise and resolve over and over.</li>
 * </ul>
 */
public record AlertPolicy(BigDecimal threshold, int minimumResolved, BigDecimal hysteresis) {

    public enum Transition {
        RAISE,
        RESOLVE,
        NONE
    }

    public AlertPolicy {
        if (threshold.signum() < 0 || threshold.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("A threshold is a percentage from 0 to 100");
        }
        if (minimumResolved < 1) {
            throw new IllegalArgumentException("At least one resolved clock is needed to judge a percentage");
        }
        if (hysteresis.signum() < 0) {
            throw new IllegalArgumentException("The hysteresis margin cannot be negative");
        }
    }

    public Transition decide(boolean open, WindowCounts counts) {
        BigDecimal percentage = counts.percentage();
        if (percentage == null) {
            return Transition.NONE;
        }
        if (!open) {
            return counts.resolved() >= minimumResolved && percentage.compareTo(threshold) < 0
                    ? Transition.RAISE : Transition.NONE;
        }
        return percentage.compareTo(threshold.add(hysteresis)) >= 0 ? Transition.RESOLVE : Transition.NONE;
    }
}
