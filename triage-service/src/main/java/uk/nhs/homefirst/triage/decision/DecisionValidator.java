package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.triage.rules.TriageRules;

/**
 * Judges a clinician's decision. Every invalid field is reported at once; no message repeats the
 * value sent.
 */
public final class DecisionValidator {

    public static final int MAX_DECIDED_BY = 64;
    /** A reason is a code that analytics can count, never free text, which could carry patient data. */
    public static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");

    /** The decision, when every field is valid, and the violations otherwise. */
    public record Result(Optional<ClinicianDecision> decision, Violations violations) {
    }

    private DecisionValidator() {
    }

    /**
     * @param decider    who decides: the caller, by its token's subject; a {@code decidedBy} in the body
     *                   may only repeat it
     * @param receivedAt the referral's clock start: a decision cannot precede it
     * @param now        the service's time: a decision cannot be in the future, and is now when not stated
     * @param ldus       the LDUs a decision may route a referral to
     */
    public static Result validate(DecisionRequest request, String decider, Instant receivedAt, Instant now,
            Set<String> ldus) {
        Violations violations = new Violations();
        if (request == null) {
            violations.add("body", "is required: a JSON object with pathway and reason");
            return new Result(Optional.empty(), violations);
        }
        Pathway pathway = pathway(request.pathway(), violations);
        String decidedBy = decidedBy(request.decidedBy(), decider, violations);
        String reason = reason(request.reason(), violations);
        Instant decidedAt = decidedAt(request.decidedAt(), receivedAt, now, violations);
        Optional<String> ldu = ldu(request.ldu(), ldus, violations);
        if (!violations.isEmpty()) {
            return new Result(Optional.empty(), violations);
        }
        return new Result(Optional.of(new ClinicianDecision(pathway, decidedBy, reason, decidedAt, ldu)), violations);
    }

    private static Optional<String> ldu(String value, Set<String> ldus, Violations violations) {
        if (value == null) {
            return Optional.empty();
        }
        if (!ldus.contains(value.trim())) {
            violations.add("ldu", "must be one of " + ldus);
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private static Pathway pathway(String value, Violations violations) {
        if (value == null || value.isBlank()) {
            violations.add("pathway", "is required");
            return null;
        }
        try {
            return Pathway.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            violations.add("pathway", "must be one of " + Arrays.toString(Pathway.values()));
            return null;
        }
    }

    /**
     * Who decided is who calls, never what the body says: a decision is recorded as its caller's (the
     * token's subject), so that nobody can decide in a colleague's name.
     */
    private static String decidedBy(String value, String decider, Violations violations) {
        if (value != null && !value.isBlank() && !value.trim().equals(decider)) {
            violations.add("decidedBy", "must be left out or be the caller's own id (its token's subject): "
                    + "a decision is recorded as its caller's");
            return null;
        }
        if (decider == null || decider.isBlank()) {
            violations.add("decidedBy", "the caller's token has no subject to record the decision under");
            return null;
        }
        if (decider.length() > MAX_DECIDED_BY) {
            violations.add("decidedBy", "the caller's id (its token's subject) must be at most " + MAX_DECIDED_BY + " characters");
            return null;
        }
        if (decider.chars().anyMatch(Character::isISOControl)) {
            violations.add("decidedBy", "the caller's id (its token's subject) must not contain control characters");
            return null;
        }
        if (decider.equalsIgnoreCase(TriageRules.DECIDED_BY)) {
            violations.add("decidedBy", "'" + TriageRules.DECIDED_BY + "' is reserved for the automatic decision");
            return null;
        }
        return decider;
    }

    private static String reason(String value, Violations violations) {
        if (value == null || value.isBlank()) {
            violations.add("reason", "is required: a reason code such as CLINICAL_JUDGEMENT");
            return null;
        }
        if (!REASON_CODE.matcher(value).matches()) {
            violations.add("reason", "must be a code of 2 to 64 capital letters, digits and underscores, "
                    + "starting with a letter, such as CLINICAL_JUDGEMENT");
            return null;
        }
        return value;
    }

    private static Instant decidedAt(String value, Instant receivedAt, Instant now, Violations violations) {
        if (value == null) {
            // A decision recorded now, on a referral whose stated clock start is ahead of this
            // service's clock, is dated at the clock start rather than before it.
            return now.isBefore(receivedAt) ? receivedAt : now;
        }
        Instant decidedAt;
        try {
            // PostgreSQL keeps microseconds: what is announced is what is stored.
            decidedAt = parseInstant(value.trim()).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            violations.add("decidedAt", "must be an ISO-8601 date-time with an offset, such as 2026-11-23T09:15:00Z");
            return null;
        }
        if (decidedAt.isAfter(now)) {
            violations.add("decidedAt", "must not be in the future");
            return null;
        }
        if (decidedAt.isBefore(receivedAt)) {
            violations.add("decidedAt", "must not be before the referral was received");
            return null;
        }
        return decidedAt;
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }
}
