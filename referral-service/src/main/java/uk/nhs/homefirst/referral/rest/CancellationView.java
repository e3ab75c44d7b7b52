package uk.nhs.homefirst.referral.rest;

import java.time.Instant;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * A referral's cancellation.
 *
 * @param cancelledAt when the referral was withdrawn: the time stated, or when it was recorded
 * @param recordedAt  when this service recorded the cancellation
 */
public record CancellationView(String referralId, String reason, String text, Instant cancelledAt, Instant recordedAt) {

    static CancellationView of(Referral r) {
        if (r.cancelledAt == null) {
            return null;
        }
        return new CancellationView(r.id.toString(), r.cancellationReason.name(), r.cancellationText, r.cancelledAt,
                r.cancellationRecordedAt);
    }
}
