package uk.nhs.homefirst.allocation.allocation;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * Business times sent by people: when a visit took place, when a referral was reallocated. They
 * must carry an offset, so that nobody has to guess the zone, and they cannot be in the future
 * beyond a small tolerance for the sender's clock.
 */
public final class BusinessTime {

    public static final String EXPECTED = "must be an ISO-8601 date-time with an offset, such as 2026-11-23T09:15:00Z";

    private BusinessTime() {
    }

    /** The time, or null after adding a violation when it is required and missing, or of the wrong form. */
    public static Instant parse(Violations violations, String field, String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                violations.add(field, "is required: " + EXPECTED.substring("must be ".length()));
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(field, EXPECTED);
            return null;
        }
    }

    /** Adds a violation when {@code time} is later than {@code now} plus the tolerance. */
    public static boolean notInFuture(Violations violations, String field, Instant time, Instant now,
            Duration tolerance) {
        return violations.check(time == null || !time.isAfter(now.plus(tolerance)), field, "must not be in the future");
    }

    /** Adds a violation when {@code time} is before {@code earliest}; {@code what} names the earliest time. */
    public static boolean notBefore(Violations violations, String field, Instant time, Instant earliest,
            String what) {
        return violations.check(time == null || earliest == null || !time.isBefore(earliest), field,
                "must not be before " + what);
    }

    /** Whether a time as sent names the stored instant (stored to the microsecond). */
    public static boolean sameInstant(Instant stored, String raw) {
        Violations ignored = new Violations();
        Instant sent = parse(ignored, "t", raw, true);
        return sent != null && sent.truncatedTo(java.time.temporal.ChronoUnit.MICROS).equals(stored);
    }
}
