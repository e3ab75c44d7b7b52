package uk.nhs.homefirst.triage.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When an LDU has clinicians on duty: the same hours on each of its open days, in local time. A
 * referral received outside them is out of hours. Opening hours never pause a clock. Closing at
 * 00:00 means at midnight, the end of the day: 00:00 to 00:00 is open all day.
 */
public record OpeningHours(LocalTime opens, LocalTime closes, Set<DayOfWeek> days, ZoneId zone) {

    public OpeningHours {
        Objects.requireNonNull(opens, "opens");
        Objects.requireNonNull(closes, "closes");
        Objects.requireNonNull(zone, "zone");
        if (!opens.isBefore(closes) && !closes.equals(LocalTime.MIDNIGHT)) {
            throw new IllegalArgumentException("an LDU opens before it closes on the same day: opens " + opens
                    + ", closes " + closes);
        }
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("an LDU is open on one day of the week at least");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    public boolean isOpenAt(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(opens)
                && (time.isBefore(closes) || closes.equals(LocalTime.MIDNIGHT));
    }

    /** The first opening at or after {@code instant}; {@code instant} itself while open. */
    public Instant nextOpening(Instant instant) {
        if (isOpenAt(instant)) {
            return instant;
        }
        LocalDate day = instant.atZone(zone).toLocalDate();
        for (int i = 0; i <= 7; i++) {
            Instant opening = day.plusDays(i).atTime(opens).atZone(zone).toInstant();
            if (days.contains(day.plusDays(i).getDayOfWeek()) && !opening.isBefore(instant)) {
                return opening;
            }
        }
        throw new IllegalStateException("no opening within a week of " + instant);
    }
}
