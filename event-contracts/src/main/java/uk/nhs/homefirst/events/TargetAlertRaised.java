package uk.nhs.homefirst.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A hub's rolling percentage for a standard fell below its threshold, with at least the minimum
 * number of clocks resolved in the window. Travels on {@link Topics#TARGET_ALERTS}, keyed by hub id.
 *
 * @param window the window the percentage is taken over, such as "24h"
 */
public record TargetAlertRaised(
        String alertId,
        String hubId,
        ResponseStandard standard,
        String window,
        BigDecimal percentage,
        BigDecimal threshold,
        int met,
        int breached,
        Instant raisedAt) {

    public static final String TYPE = "uk.nhs.homefirst.TargetAlertRaised.v1";
}
