package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import uk.nhs.homefirst.events.BedType;
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
        BedType bedType = null;
        Instant bedArrangedAt = null;
        if (pathway == Pathway.BED_BASED) {
            bedType = bedType(request.bedType(), violations);
            bedArrangedAt = request.bedArrangedAt() == null ? null
                    : instant("bedArrangedAt", request.bedArrangedAt(), receivedAt, now, violations);
        } else if (pathway != null) {
            // A bed on another pathway would be announced as if one were arranged: refused, not dropped.
            if (request.bedType() != null) {
                violations.add("bedType", "must be left out: only a BED_BASED decision has a bed");
            }
            if (request.bedArrangedAt() != null) {
                violations.add("bedArrangedAt", "must be left out: only a BED_BASED decision has a bed");
            }
        }
        if (!violations.isEmpty()) {
            return new Result(Optional.empty(), violations);
        }
        return new Result(Optional.of(new ClinicianDecision(pathway, decidedBy, reason, decidedAt, ldu, bedType,
                bedArrangedAt)), violations);
    }

    /** A bed arrangement, when every field is valid, and the violations otherwise. */
    public record ArrangementResult(Optional<BedArrangement> arrangement, Violations violations) {
    }

    /** The bed and when it was arranged, validated. */
    public record BedArrangement(BedType bedType, Instant arrangedAt, String recordedBy) {
    }

    /**
     * Judges a bed arrangement recorded after the decision ({@code PUT /api/triage/{referralId}/bed}).
     *
     * @param decider        the caller, by its token's subject: the arrangement is its decision
     * @param currentBedType the current decision's bed type, which {@code bedType} may leave out; null when it has none
     */
    public static ArrangementResult validateArrangement(BedArrangementRequest request, String decider,
            Instant receivedAt, Instant now, BedType currentBedType) {
        Violations violations = new Violations();
        // Recorded as a decision of the caller's, by the rules of a decision's decidedBy.
        String recordedBy = decidedBy(null, decider, violations);
        if (request == null) {
            violations.add("body", "is required: a JSON object with arrangedAt and, unless the decision has one, bedType");
            return new ArrangementResult(Optional.empty(), violations);
        }
        BedType bedType = request.bedType() == null && currentBedType != null ? currentBedType
                : bedType(request.bedType(), violations);
        Instant arrangedAt = null;
        if (request.arrangedAt() == null || request.arrangedAt().isBlank()) {
            violations.add("arrangedAt", "is required: when the bed was arranged, such as 2026-11-23T14:30:00Z");
        } else {
            arrangedAt = instant("arrangedAt", request.arrangedAt(), receivedAt, now, violations);
        }
        if (!violations.isEmpty()) {
            return new ArrangementResult(Optional.empty(), violations);
        }
        return new ArrangementResult(Optional.of(new BedArrangement(bedType, arrangedAt, recordedBy)), violations);
    }

    private static BedType bedType(String value, Violations violations) {
        if (value == null || value.isBlank()) {
            violations.add("bedType", "is required for BED_BASED: one of " + Arrays.toString(BedType.values()));
            return null;
        }
        try {
            return BedType.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            violations.add("bedType", "must be one of " + Arrays.toString(BedType.values()));
            return null;
        }
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
        return instant("decidedAt", value, receivedAt, now, violations);
    }

    /** A time of the referral's care: neither in the future nor before the referral was received. */
    private static Instant instant(String field, String value, Instant receivedAt, Instant now, Violations violations) {
        Instant at;
        try {
            // PostgreSQL keeps microseconds: what is announced is what is stored.
            at = parseInstant(value.trim()).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            violations.add(field, "must be an ISO-8601 date-time with an offset, such as 2026-11-23T09:15:00Z");
            return null;
        }
        if (at.isAfter(now)) {
            violations.add(field, "must not be in the future");
            return null;
        }
        if (at.isBefore(receivedAt)) {
            violations.add(field, "must not be before the referral was received");
            return null;
        }
        return at;
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }
}
