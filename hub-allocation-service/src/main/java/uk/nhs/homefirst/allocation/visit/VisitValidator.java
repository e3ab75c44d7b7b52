package uk.nhs.homefirst.allocation.visit;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import uk.nhs.homefirst.allocation.allocation.BusinessTime;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * Judges a visit and reports every invalid field at once. A visit cannot be in the future (beyond
 * the tolerance for the sender's clock) nor before the referral was received: it would stop a
 * response clock that had not started.
 */
public final class VisitValidator {

    private VisitValidator() {
    }

    public record Valid(UUID referralId, Instant visitedAt, VisitOutcome outcome) {
    }

    /** @param valid the visit, or null when {@code violations} is not empty */
    public record Result(Valid valid, Violations violations) {
    }

    /**
     * @param receivedAtOf the clock start of a referral, empty when the service does not know it;
     *                     an unknown referral is not a field error but a 404, decided by the caller
     */
    public static Result validate(VisitRequest request, Instant now, Duration tolerance,
            Function<UUID, Optional<Instant>> receivedAtOf) {
        Violations v = new Violations();
        VisitRequest r = request == null ? new VisitRequest(null, null, null) : request;

        UUID referralId = null;
        if (r.referralId() == null || r.referralId().isBlank()) {
            v.add("referralId", "is required: the referral's id, a UUID");
        } else {
            referralId = uuid(r.referralId().strip());
            v.check(referralId != null, "referralId", "must be a UUID, such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        }

        Instant visitedAt = BusinessTime.parse(v, "visitedAt", r.visitedAt(), true);
        BusinessTime.notInFuture(v, "visitedAt", visitedAt, now, tolerance);
        if (visitedAt != null && referralId != null) {
            Instant receivedAt = receivedAtOf.apply(referralId).orElse(null);
            BusinessTime.notBefore(v, "visitedAt", visitedAt, receivedAt, "the time the referral was received");
        }

        VisitOutcome outcome = null;
        String expected = "must be one of " + Arrays.toString(VisitOutcome.values());
        if (r.outcome() == null || r.outcome().isBlank()) {
            v.add("outcome", "is required: " + expected.substring("must be ".length()));
        } else {
            outcome = Arrays.stream(VisitOutcome.values())
                    .filter(o -> o.name().equals(r.outcome().strip()))
                    .findFirst().orElse(null);
            v.check(outcome != null, "outcome", expected);
        }
        return new Result(v.isEmpty() ? new Valid(referralId, visitedAt, outcome) : null, v);
    }

    private static UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            // UUID.fromString accepts short groups such as "1-1-1-1-1"; only the canonical form is an id.
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
