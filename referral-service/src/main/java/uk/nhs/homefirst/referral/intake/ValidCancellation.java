package uk.nhs.homefirst.referral.intake;

import java.time.Instant;
import java.util.Objects;
import uk.nhs.homefirst.events.CancellationReason;

/**
 * A cancellation whose fields passed validation.
 *
 * @param statedCancelledAt the time the referrer stated, or null for "now"
 */
public record ValidCancellation(CancellationReason reason, String text, Instant statedCancelledAt) {

    /**
     * Whether this repeats a cancellation already made: the same reason and text, and the same time
     * unless none is stated.
     */
    public boolean repeats(CancellationReason reason, String text, Instant cancelledAt) {
        return this.reason == reason && Objects.equals(this.text, text)
                && (statedCancelledAt == null || statedCancelledAt.equals(cancelledAt));
    }
}
