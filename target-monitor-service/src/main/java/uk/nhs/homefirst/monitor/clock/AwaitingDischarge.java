package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A hospital referral whose patient has not left hospital yet: no clock runs until the discharge
 * is confirmed, so it counts as neither met, breached nor pending.
 *
 * @param receivedAt   when the referral was received
 * @param expectedDate the discharge date the hospital expects now; null when it has given none
 */
public record AwaitingDischarge(Instant receivedAt, LocalDate expectedDate) {
}
