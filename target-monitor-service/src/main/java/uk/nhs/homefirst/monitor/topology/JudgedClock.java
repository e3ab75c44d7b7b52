package uk.nhs.homefirst.monitor.topology;

import java.time.Instant;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Origin;

/**
 * A resolved clock (met, breached or excluded) as the judges of its hub and standard count it, keyed
 * by that hub and standard: the alert judge, and the daily and monthly figures. A null status
 * withdraws the clock from that hub and standard (it moved to another hub, or was corrected).
 *
 * @param origin    the referral's origin, for the figures' split (null when withdrawn)
 * @param eventId   the event that changed the clock, or null when time alone did (its deadline passed)
 * @param eventType that event's type
 */
record JudgedClock(String clockId, ClockStatus status, Instant resolvedAt, Origin origin, String eventId,
        String eventType) {

    static JudgedClock withdrawn(String clockId, String eventId, String eventType) {
        return new JudgedClock(clockId, null, null, null, eventId, eventType);
    }

    boolean isWithdrawn() {
        return status == null;
    }
}
