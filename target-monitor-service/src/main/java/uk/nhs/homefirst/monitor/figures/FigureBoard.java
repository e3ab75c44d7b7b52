package uk.nhs.homefirst.monitor.figures;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * The daily, weekly and monthly figures every instance serves, as the topology published them on
 * its figures topic. Fed by one thread, read by many.
 */
public final class FigureBoard {

    /** A figure with what it is of. */
    public record Entry(FigureKey key, Figure figure) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> e.key().start())
            .thenComparing(e -> e.key().hubId()).thenComparing(e -> e.key().standard())
            .thenComparing(e -> e.key().origin());

    private final Map<FigureKey, Figure> figures = new HashMap<>();

    public synchronized void update(String key, Figure figure) {
        if (figure == null) {
            figures.remove(FigureKey.parse(key));
        } else {
            figures.put(FigureKey.parse(key), figure);
        }
    }

    public synchronized void replaceAll(Map<String, Figure> all) {
        figures.clear();
        all.forEach(this::update);
    }

    /**
     * The figures of a period starting from {@code from} up to {@code to} (both inclusive), for a
     * hub and a standard (null: all), oldest first, of all clocks and each origin's.
     */
    public synchronized List<Entry> figures(Period period, String hubId, ResponseStandard standard, LocalDate from,
            LocalDate to) {
        return figures.entrySet().stream()
                .filter(e -> e.getKey().period() == period && (hubId == null || hubId.equals(e.getKey().hubId()))
                        && (standard == null || standard == e.getKey().standard())
                        && !e.getKey().start().isBefore(from) && !e.getKey().start().isAfter(to))
                .map(e -> new Entry(e.getKey(), e.getValue())).sorted(ORDER).toList();
    }
}
