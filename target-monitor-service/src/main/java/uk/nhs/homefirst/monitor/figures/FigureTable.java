package uk.nhs.homefirst.monitor.figures;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * The figures as a performance analyst loads them: one row per period, hub, standard and origin
 * (all clocks, or hospital discharge and community apart, which add up to all) over a range, every
 * combination present (zero where no clock resolved), with the counts beside the percentage and,
 * for a month, what was finalised and how often it was revised. Plain Java.
 */
public final class FigureTable {

    /**
     * One row.
     *
     * @param end         the first day after the period
     * @param origin      the clocks counted: ALL, or those of one origin (the two add up to ALL)
     * @param percentage  met / (met + breached) now, null when none resolved
     * @param finalised   for a month: its figures when it was finalised; null before
     * @param revisions   the changes to a finalised month since, oldest first
     */
    public record Row(Period period, LocalDate start, LocalDate end, String hubId, String hubName,
            ResponseStandard standard, FigureOrigin origin, int met, int breached, int excluded, BigDecimal percentage,
            BigDecimal threshold, Instant finalisedAt, Tally finalised, List<Revision> revisions) {

        public boolean belowThreshold() {
            return percentage != null && percentage.compareTo(threshold) < 0;
        }

        public boolean revised() {
            return !revisions.isEmpty();
        }
    }

    private FigureTable() {
    }

    /**
     * @param hubs       the hubs to list, by id, with their names, in the order to list them
     * @param standards  the standards to list, with the threshold of each
     * @param origins    all clocks, or all and each origin apart, in the order to list them
     */
    public static List<Row> rows(List<FigureBoard.Entry> figures, Period period, LocalDate from, LocalDate to,
            Map<String, String> hubs, Map<ResponseStandard, BigDecimal> standards, List<FigureOrigin> origins) {
        Map<FigureKey, Figure> byKey = new HashMap<>();
        for (FigureBoard.Entry entry : figures) {
            byKey.put(entry.key(), entry.figure());
        }
        List<Row> rows = new ArrayList<>();
        for (LocalDate start = period.start(from); !start.isAfter(to); start = period.next(start)) {
            for (Map.Entry<String, String> hub : hubs.entrySet()) {
                for (Map.Entry<ResponseStandard, BigDecimal> standard : standards.entrySet()) {
                    for (FigureOrigin origin : origins) {
                        Figure figure = byKey.getOrDefault(
                                new FigureKey(period, standard.getKey(), hub.getKey(), start, origin), Figure.EMPTY);
                        Tally counts = figure.counts();
                        rows.add(new Row(period, start, period.next(start), hub.getKey(), hub.getValue(),
                                standard.getKey(), origin, counts.met(), counts.breached(), counts.excluded(),
                                counts.percentage(), standard.getValue(), figure.finalisedAt(), figure.finalised(),
                                figure.revisions()));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * RFC 4180 CSV with a header row. Columns are named for loading as they are; {@code origin} is the
     * last, so that a loader of the columns before it reads them where it did (ALL rows: the totals).
     */
    public static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder(128 * (rows.size() + 1));
        csv.append("period,period_start,period_end,hub_id,hub_name,standard,met,breached,excluded,resolved,"
                + "percentage_met,threshold,below_threshold,finalised_at,finalised_met,finalised_breached,"
                + "finalised_excluded,finalised_percentage_met,revisions,last_revised_at,origin\r\n");
        for (Row row : rows) {
            Tally finalised = row.finalised();
            Revision last = row.revisions().isEmpty() ? null : row.revisions().get(row.revisions().size() - 1);
            csv.append(row.period().name().toLowerCase(java.util.Locale.ROOT)).append(',')
                    .append(row.start()).append(',').append(row.end()).append(',')
                    .append(field(row.hubId())).append(',').append(field(row.hubName())).append(',')
                    .append(row.standard()).append(',')
                    .append(row.met()).append(',').append(row.breached()).append(',').append(row.excluded()).append(',')
                    .append(row.met() + row.breached()).append(',')
                    .append(text(row.percentage())).append(',').append(row.threshold().toPlainString()).append(',')
                    .append(row.belowThreshold()).append(',')
                    .append(text(row.finalisedAt())).append(',')
                    .append(finalised == null ? "" : String.valueOf(finalised.met())).append(',')
                    .append(finalised == null ? "" : String.valueOf(finalised.breached())).append(',')
                    .append(finalised == null ? "" : String.valueOf(finalised.excluded())).append(',')
                    .append(finalised == null ? "" : text(finalised.percentage())).append(',')
                    .append(row.revisions().size()).append(',')
                    .append(last == null ? "" : text(last.at())).append(',')
                    .append(row.origin()).append("\r\n");
        }
        return csv.toString();
    }

    private static String text(Object value) {
        return value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    /** Quoted when it holds a comma, a quote or a line break ("Hinckley & Bosworth" does not). */
    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
