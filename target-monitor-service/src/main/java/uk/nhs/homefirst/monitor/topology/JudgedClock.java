package uk.nhs.homefirst.monitor.topology;

import java.time.Instant;
import uk.nhs.homefirst.monitor.clock.ClockStatus;

/**
 * A resolved clock as a hub's alert judge counts it, keyed by the judge's hub and standard; a
 * null status withdraws the clock from that judge (it moved to another hub, or was corrected).
 */
record JudgedClock(String clockId, ClockStatus status, Instant resolvedAt) {

    static JudgedClock withdrawn(String clockId) {
        return new JudgedClock(clockId, null, null);
    }

    boolean isWithdrawn() {
        return status == null;
    }
}
