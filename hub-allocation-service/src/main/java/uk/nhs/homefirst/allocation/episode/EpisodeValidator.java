package uk.nhs.homefirst.allocation.episode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * Judges an episode's closure and its 91-day follow-up, every invalid field at once. Dates are days
 * in Europe/London, where the hubs work. Plain Java.
 */
public final class EpisodeValidator {

    public static final ZoneId ZONE = ZoneId.of("Europe/London");
    /** The national reablement measure: still at home 91 days after discharge from hospital. */
    public static final int FOLLOW_UP_DAYS = 91;

    private EpisodeValidator() {
    }

    public record Closure(EpisodeOutcome outcome, LocalDate outcomeDate) {
    }

    /** @param valid the closure, or null when {@code violations} is not empty */
    public record ClosureResult(Closure valid, Violations violations) {
    }

    public record FollowUp(FollowUpAnswer stillAtHome, LocalDate checkedOn) {
    }

    /** @param valid the follow-up, or null when {@code violations} is not empty */
    public record FollowUpResult(FollowUp valid, Violations violations) {
    }

    /** The day of {@code now} in London, allowing the tolerance for the sender's clock. */
    public static LocalDate today(Instant now, Duration tolerance) {
        return LocalDate.ofInstant(now.plus(tolerance), ZONE);
    }

    /**
     * An outcome (one of {@link EpisodeOutcome}) and the day it happened: not in the future, and not
     * before the day the referral was received (nothing of it can have ended before it began).
     */
    public static ClosureResult validateClosure(EpisodeCloseRequest request, LocalDate today, Instant receivedAt) {
        Violations v = new Violations();
        EpisodeCloseRequest r = request == null ? new EpisodeCloseRequest(null, null) : request;
        EpisodeOutcome outcome = code(v, "outcome", r.outcome(), EpisodeOutcome.class);
        LocalDate date = date(v, "outcomeDate", r.outcomeDate());
        if (date != null) {
            v.check(!date.isAfter(today), "outcomeDate", "must not be in the future");
            LocalDate receivedOn = receivedAt == null ? null : LocalDate.ofInstant(receivedAt, ZONE);
            v.check(receivedOn == null || !date.isBefore(receivedOn), "outcomeDate",
                    "must not be before the day the referral was received (" + receivedOn + ")");
        }
        return new ClosureResult(v.isEmpty() ? new Closure(outcome, date) : null, v);
    }

    /**
     * Whether an episode has a 91-day follow-up: reablement after a hospital discharge (a referral
     * from an acute hospital, or one whose discharge a hospital confirmed).
     */
    public static boolean hasFollowUp(Pathway pathway, ReferralSource source, Instant dischargedAt) {
        return pathway == Pathway.HOME_FIRST_REABLEMENT
                && (source == ReferralSource.ACUTE_HOSPITAL || dischargedAt != null);
    }

    /**
     * The first day the follow-up may be checked: 91 days after the confirmed discharge, or, when no
     * discharge was confirmed (a referral sent as the patient left), after the referral's receipt.
     */
    public static LocalDate followUpDueOn(Instant receivedAt, Instant dischargedAt) {
        Instant from = dischargedAt != null ? dischargedAt : receivedAt;
        return LocalDate.ofInstant(from, ZONE).plusDays(FOLLOW_UP_DAYS);
    }

    /** Still at home (YES, NO, UNKNOWN) and the day it was checked: not before it is due, not in the future. */
    public static FollowUpResult validateFollowUp(FollowUpRequest request, LocalDate today, LocalDate dueOn) {
        Violations v = new Violations();
        FollowUpRequest r = request == null ? new FollowUpRequest(null, null) : request;
        FollowUpAnswer answer = code(v, "stillAtHome", r.stillAtHome(), FollowUpAnswer.class);
        LocalDate checkedOn = date(v, "checkedOn", r.checkedOn());
        if (checkedOn != null) {
            v.check(!checkedOn.isAfter(today), "checkedOn", "must not be in the future");
            v.check(!checkedOn.isBefore(dueOn), "checkedOn", "must not be before " + dueOn + ", " + FOLLOW_UP_DAYS
                    + " days after the patient left hospital");
        }
        return new FollowUpResult(v.isEmpty() ? new FollowUp(answer, checkedOn) : null, v);
    }

    private static LocalDate date(Violations v, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            v.add(field, "is required: a date such as 2026-12-04");
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            v.add(field, "must be an ISO-8601 date, such as 2026-12-04");
            return null;
        }
    }

    private static <E extends Enum<E>> E code(Violations v, String field, String raw, Class<E> type) {
        String expected = "one of " + Arrays.toString(type.getEnumConstants());
        if (raw == null || raw.isBlank()) {
            v.add(field, "is required: " + expected);
            return null;
        }
        E value = Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(raw.strip())).findFirst()
                .orElse(null);
        v.check(value != null, field, "must be " + expected);
        return value;
    }
}
