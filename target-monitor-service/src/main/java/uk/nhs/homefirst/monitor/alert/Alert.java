package uk.nhs.homefirst.monitor.alert;

import java.math.BigDecimal;
import java.time.Instant;
import uk.nhs.homefirst.events.ResponseStandard;

/** An alert on a hub's rolling percentage for a standard; the resolution fields are null while it is open. */
public record Alert(String alertId, String hubId, ResponseStandard standard, String window, BigDecimal threshold,
        Instant raisedAt, BigDecimal raisedPercentage, int raisedMet, int raisedBreached, Instant resolvedAt,
        BigDecimal resolvedPercentage, Integer resolvedMet, Integer resolvedBreached) {

    public boolean open() {
        return resolvedAt == null;
    }
}
