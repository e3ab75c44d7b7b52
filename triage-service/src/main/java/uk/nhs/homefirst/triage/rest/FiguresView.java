package uk.nhs.homefirst.triage.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.triage.figures.TimeToTriage;

/**
 * Each LDU's time to triage over the last 24 hours, 7 days and 28 days of receipts, at {@code at}.
 * Counts only: no referral is named.
 */
public record FiguresView(Instant at, List<Ldu> ldus) {

    /** The windows, each ending now. */
    static final List<Window> WINDOWS = List.of(new Window("24h", Duration.ofHours(24)),
            new Window("7d", Duration.ofDays(7)), new Window("28d", Duration.ofDays(28)));

    record Window(String name, Duration length) {
    }

    public record Ldu(String ldu, List<Figure> windows) {
    }

    /**
     * @param medianWait    receipt to a clinician's triage, median, ISO-8601 (PT42M); null when none
     * @param ninetiethWait the same, 90th percentile (nearest rank); null when none
     */
    public record Figure(String window, int received, int triagedByRules, int triagedByClinician, int waiting,
            int outOfHours, String medianWait, String ninetiethWait) {

        static Figure of(String window, TimeToTriage.Figure f) {
            return new Figure(window, f.received(), f.byRules(), f.byClinician(), f.waiting(), f.outOfHours(),
                    iso(f.median()), iso(f.ninetieth()));
        }

        private static String iso(Duration d) {
            return d == null ? null : d.withNanos(0).toString();
        }
    }

    static Ldu of(String ldu, List<TimeToTriage.Case> cases, Instant now) {
        return new Ldu(ldu, WINDOWS.stream()
                .map(w -> Figure.of(w.name(), TimeToTriage.of(cases, now.minus(w.length()), now.plusNanos(1))))
                .toList());
    }
}
