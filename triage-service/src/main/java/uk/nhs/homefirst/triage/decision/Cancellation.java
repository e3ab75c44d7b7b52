package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import uk.nhs.homefirst.events.CancellationReason;

/** A referral withdrawn by its referrer. The free-text reason is not kept: it may name the patient. */
public record Cancellation(UUID referralId, Instant cancelledAt, CancellationReason reason) {

    public Cancellation {
        Objects.requireNonNull(referralId, "referralId");
        Objects.requireNonNull(cancelledAt, "cancelledAt");
        Objects.requireNonNull(reason, "reason");
    }
}
