package uk.nhs.homefirst.referral.intake;

import java.time.Instant;
import java.util.Optional;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.platform.problem.Violations;

/** Judges a cancellation and reports every invalid field at once, never repeating a value. */
public final class CancellationValidator {

    /** The longest text the ReferralCancelled v1 schema allows. */
    static final int MAX_TEXT = 500;

    private CancellationValidator() {
    }

    /**
     * @param now        the time the cancellation is recorded
     * @param receivedAt the referral's clock start: a cancellation cannot precede it
     */
    public static Result validate(CancellationRequest request, Instant now, Instant receivedAt) {
        Violations v = new Violations();
        if (request == null) {
            v.add("", "the request body must be a cancellation object");
            return new Result(null, v);
        }
        CancellationReason reason = ReferralValidator.requiredEnum(v, "reason", request.reason(), CancellationReason.class);
        String text = ReferralValidator.freeText(v, "text", request.text(), MAX_TEXT, false);
        if (reason == CancellationReason.OTHER && ReferralValidator.blank(request.text())) {
            v.add("text", "is required when the reason is OTHER");
        }
        Instant cancelledAt = ReferralValidator.optionalInstant(v, "cancelledAt", request.cancelledAt());
        if (cancelledAt != null && cancelledAt.isAfter(now)) {
            v.add("cancelledAt", "must not be in the future");
            cancelledAt = null;
        } else if (cancelledAt != null && cancelledAt.isBefore(receivedAt)) {
            v.add("cancelledAt", "must not be before the referral was received");
            cancelledAt = null;
        }
        if (!v.isEmpty()) {
            return new Result(null, v);
        }
        return new Result(new ValidCancellation(reason, text, cancelledAt), v);
    }

    public record Result(ValidCancellation cancellation, Violations violations) {
        public Optional<ValidCancellation> valid() {
            return Optional.ofNullable(cancellation);
        }
    }
}
