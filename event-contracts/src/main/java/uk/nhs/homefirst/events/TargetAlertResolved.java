package uk.nhs.homefirst.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The percentage of a raised alert is back at or above its threshold plus the hysteresis margin.
 * Travels on {@link Topics#TARGET_ALERTS}, keyed by hub id.
 */
public record TargetAlertResolved(
        String alertId,
        String hubId,
        ResponseStandard standard,
        String window,
        BigDecimal percentage,
        BigDecimal threshold,
        int met,
        int breached,
        Instant raisedAt,
        Instant resolvedAt) {

    public static final String TYPE = "uk.nhs.homefirst.TargetAlertResolved.v1";
}
