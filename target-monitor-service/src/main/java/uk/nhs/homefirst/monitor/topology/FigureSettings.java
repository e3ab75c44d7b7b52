package uk.nhs.homefirst.monitor.topology;

import java.time.Duration;

/**
 * How the daily, weekly and monthly figures are kept.
 *
 * @param topic         the compacted topic every instance reads them from
 * @param finaliseAfter how long after a month's end (Europe/London) its figures are finalised
 * @param weeksKept     how many weeks of weekly figures are kept (a year: 53)
 * @param monthsKept    how many months of monthly figures are kept
 */
public record FigureSettings(String topic, Duration finaliseAfter, int weeksKept, int monthsKept) {

    public FigureSettings {
        if (finaliseAfter.isNegative()) {
            throw new IllegalArgumentException("A month cannot be finalised before it ends");
        }
        if (weeksKept < 14 || monthsKept < 4) {
            // The lateness horizon, 92 days, reaches back into fourteen weeks and four months: each may still change.
            throw new IllegalArgumentException("Keep at least 14 weeks and 4 months of figures");
        }
    }
}
