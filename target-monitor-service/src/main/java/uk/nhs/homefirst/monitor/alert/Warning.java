package uk.nhs.homefirst.monitor.alert;

import java.time.Instant;
import uk.nhs.homefirst.events.ResponseStandard;

/** A clock announced at risk to a hub. */
public record Warning(String referralId, int clockNumber, String hubId, ResponseStandard standard, Instant deadline,
        Instant warnedAt) {
}
