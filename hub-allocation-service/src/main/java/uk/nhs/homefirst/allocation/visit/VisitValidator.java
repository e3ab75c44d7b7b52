package uk.nhs.homefirst.allocation.visit;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import uk.nhs.homefirst.allocation.allocation.BusinessTime;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.VisitChangeReason;
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

    public record Valid(UUID referralId, Instant visitedAt, VisitOutcome outcome, ContactType contactType,
            StaffRole staffRole, String sourceVisitId) {
    }

    /** A void or correction: each field null when the request leaves it as it is. */
    public record Change(VisitChangeReason reason, UUID referralId, Instant visitedAt, VisitOutcome outcome,
            ContactType contactType, StaffRole staffRole) {
    }

    /** @param valid the change, or null when {@code violations} is not empty */
    public record ChangeResult(Change valid, Violations violations) {
    }

    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");

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
        VisitRequest r = request == null ? new VisitRequest(null, null, null, null, null, null) : request;

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

        VisitOutcome outcome = code(v, "outcome", r.outcome(), VisitOutcome.class, true);
        ContactType contactType = code(v, "contactType", r.contactType(), ContactType.class, true);
        StaffRole staffRole = code(v, "staffRole", r.staffRole(), StaffRole.class, true);
        String sourceVisitId = r.sourceVisitId() == null ? null : r.sourceVisitId().strip();
        v.check(sourceVisitId == null || SOURCE_ID.matcher(sourceVisitId).matches(), "sourceVisitId",
                "must be the hub system's id of the visit: 1 to 64 letters, digits and _ . : / -");
        return new Result(v.isEmpty() ? new Valid(referralId, visitedAt, outcome, contactType, staffRole, sourceVisitId)
                : null, v);
    }

    /**
     * Judges a void ({@code voiding}: a reason only) or a correction (a reason and at least one field
     * to change). A new visit time is judged against the referral the visit ends up on.
     */
    public static ChangeResult validateChange(VisitChangeRequest request, boolean voiding, Instant now,
            Duration tolerance, UUID currentReferral, Function<UUID, Optional<Instant>> receivedAtOf,
            Instant currentVisitedAt) {
        Violations v = new Violations();
        VisitChangeRequest r = request == null ? new VisitChangeRequest(null, null, null, null, null, null) : request;
        VisitChangeReason reason = code(v, "reason", r.reason(), VisitChangeReason.class, true);
        if (voiding) {
            for (String[] field : new String[][] {{"referralId", r.referralId()}, {"visitedAt", r.visitedAt()},
                {"outcome", r.outcome()}, {"contactType", r.contactType()}, {"staffRole", r.staffRole()}}) {
                v.check(field[1] == null, field[0], "is not part of a void: a void takes the visit away as it is");
            }
            return new ChangeResult(v.isEmpty() ? new Change(reason, null, null, null, null, null) : null, v);
        }
        UUID referralId = null;
        if (r.referralId() != null) {
            referralId = uuid(r.referralId().strip());
            v.check(referralId != null, "referralId", "must be a UUID, such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427");
        }
        Instant visitedAt = BusinessTime.parse(v, "visitedAt", r.visitedAt(), false);
        BusinessTime.notInFuture(v, "visitedAt", visitedAt, now, tolerance);
        VisitOutcome outcome = code(v, "outcome", r.outcome(), VisitOutcome.class, false);
        ContactType contactType = code(v, "contactType", r.contactType(), ContactType.class, false);
        StaffRole staffRole = code(v, "staffRole", r.staffRole(), StaffRole.class, false);
        if (v.isEmpty() && referralId == null && visitedAt == null && outcome == null && contactType == null
                && staffRole == null) {
            v.add("referralId", "or visitedAt, outcome, contactType or staffRole is required: the field a correction "
                    + "changes (to take a visit away, void it)");
        }
        if (v.isEmpty() && (referralId != null || visitedAt != null)) {
            UUID target = referralId != null ? referralId : currentReferral;
            Instant time = visitedAt != null ? visitedAt : currentVisitedAt;
            Optional<Instant> receivedAt = receivedAtOf.apply(target);
            if (referralId != null && receivedAt.isEmpty()) {
                v.add("referralId", "names no triaged referral");
            } else {
                BusinessTime.notBefore(v, visitedAt != null ? "visitedAt" : "referralId", time,
                        receivedAt.orElse(null), "the time the referral was received");
            }
        }
        return new ChangeResult(v.isEmpty() ? new Change(reason, referralId, visitedAt, outcome, contactType, staffRole)
                : null, v);
    }

    private static <E extends Enum<E>> E code(Violations v, String field, String raw, Class<E> type, boolean required) {
        String expected = "one of " + Arrays.toString(type.getEnumConstants());
        if (raw == null || raw.isBlank()) {
            v.check(!required, field, "is required: " + expected);
            return null;
        }
        E value = Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(raw.strip())).findFirst()
                .orElse(null);
        v.check(value != null, field, "must be " + expected);
        return value;
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
