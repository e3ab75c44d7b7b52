package uk.nhs.homefirst.monitor.figures;

import java.math.BigDecimal;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.window.WindowCounts;

/** The clocks of one hub, standard and period by how they resolved; the percentage is of met and breached. */
public record Tally(int met, int breached, int excluded) {

    public static final Tally NONE = new Tally(0, 0, 0);

    /** This tally with one clock of {@code status} added ({@code by} 1) or taken away ({@code by} -1). */
    public Tally plus(ClockStatus status, int by) {
        return switch (status) {
            case MET -> new Tally(met + by, breached, excluded);
            case BREACHED -> new Tally(met, breached + by, excluded);
            case EXCLUDED -> new Tally(met, breached, excluded + by);
            case PENDING -> throw new IllegalArgumentException("A pending clock has not resolved in any period");
        };
    }

    /** As the live figures round it: met / (met + breached), half up to one decimal, null when none resolved. */
    public BigDecimal percentage() {
        return new WindowCounts(met, breached, excluded, 0, 0).percentage();
    }

    public boolean isEmpty() {
        return met == 0 && breached == 0 && excluded == 0;
    }
}
