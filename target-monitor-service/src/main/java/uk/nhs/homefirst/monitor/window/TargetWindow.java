package uk.nhs.homefirst.monitor.window;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The windows a rolling percentage is taken over. */
public enum TargetWindow {
    LAST_24_HOURS("24h"),
    LAST_7_DAYS("7d"),
    LAST_28_DAYS("28d"),
    /** From midnight on the first of the month, in the service's zone (Europe/London). */
    MONTH_TO_DATE("month-to-date");

    /**
     * The furthest back any window reaches from now: 28 days, or the month to date, which is at most
     * 31 days and an hour (October, when the clocks go back), rounded up to whole days. A clock
     * resolved longer ago than this counts in no window.
     */
    public static final Duration REACH = Duration.ofDays(32);

    private final String label;

    TargetWindow(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TargetWindow ofLabel(String label) {
        for (TargetWindow window : values()) {
            if (window.label.equals(label)) {
                return window;
            }
        }
        throw new IllegalArgumentException("No window " + label + "; the windows are 24h, 7d, 28d and month-to-date");
    }

    /** The longest this window reaches back from now: what the alert judge keeps resolved clocks for. */
    public Duration span() {
        return switch (this) {
            case LAST_24_HOURS -> Duration.ofHours(24);
            case LAST_7_DAYS -> Duration.ofDays(7);
            case LAST_28_DAYS -> Duration.ofDays(28);
            case MONTH_TO_DATE -> REACH;
        };
    }

    /** The window's start: clocks that resolved after it, and up to now, count. */
    public Instant from(Instant now, ZoneId zone) {
        return switch (this) {
            case LAST_24_HOURS -> now.minus(Duration.ofHours(24));
            case LAST_7_DAYS -> now.minus(Duration.ofDays(7));
            case LAST_28_DAYS -> now.minus(Duration.ofDays(28));
            // One nanosecond before midnight, so that a clock resolving at midnight on the first counts.
            case MONTH_TO_DATE -> ZonedDateTime.ofInstant(now, zone).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS)
                    .toInstant().minusNanos(1);
        };
    }
}
