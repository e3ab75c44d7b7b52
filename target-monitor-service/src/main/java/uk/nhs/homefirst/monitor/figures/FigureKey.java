package uk.nhs.homefirst.monitor.figures;

import java.time.LocalDate;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * One figure: a hub and standard over one period, of all clocks or one origin's, as its key reads on
 * the figures topic: {@code DAY|TWO_HOUR|hub|2026-11-01} for all clocks (the key figures had before
 * the split), {@code DAY|TWO_HOUR|hub|2026-11-01|HOSPITAL_DISCHARGE} for one origin.
 */
public record FigureKey(Period period, ResponseStandard standard, String hubId, LocalDate start, FigureOrigin origin) {

    public FigureKey(Period period, ResponseStandard standard, String hubId, LocalDate start) {
        this(period, standard, hubId, start, FigureOrigin.ALL);
    }

    /** The same figure, of {@code other} clocks. */
    public FigureKey of(FigureOrigin other) {
        return new FigureKey(period, standard, hubId, start, other);
    }

    @Override
    public String toString() {
        String all = period + "|" + standard + "|" + hubId + "|" + start;
        return origin == FigureOrigin.ALL ? all : all + "|" + origin;
    }

    public static FigureKey parse(String key) {
        String[] parts = key.split("\\|");
        if (parts.length != 4 && parts.length != 5) {
            throw new IllegalArgumentException("Not a figure key: " + key);
        }
        return new FigureKey(Period.valueOf(parts[0]), ResponseStandard.valueOf(parts[1]), parts[2],
                LocalDate.parse(parts[3]), parts.length == 5 ? FigureOrigin.valueOf(parts[4]) : FigureOrigin.ALL);
    }
}
