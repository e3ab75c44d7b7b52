package uk.nhs.homefirst.monitor.window;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The counts of one hub, standard and window.
 *
 * @param met      clocks resolved in the window by an attended visit in time
 * @param breached clocks resolved in the window by their deadline passing
 * @param excluded clocks closed in the window by a cancellation or re-triage; never in the percentage
 * @param pending  clocks running now, counted for the hub holding the referral now
 * @param atRisk   of those, the ones with less than the standard's at-risk margin left
 */
public record WindowCounts(int met, int breached, int excluded, int pending, int atRisk) {

    /** met / (met + breached) as a percentage rounded half up to one decimal, or null when none resolved. */
    public BigDecimal percentage() {
        int resolved = met + breached;
        if (resolved == 0) {
            return null;
        }
        return BigDecimal.valueOf(met).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(resolved), 1, RoundingMode.HALF_UP);
    }

    public int resolved() {
        return met + breached;
    }
}
