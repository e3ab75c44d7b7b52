package uk.nhs.homefirst.monitor.figures;

import java.time.LocalDate;
import uk.nhs.homefirst.events.ResponseStandard;

/** One figure: a hub and standard over one period, as its key reads on the figures topic ({@code DAY|TWO_HOUR|hub|2026-11-01}). */
public record FigureKey(Period period, ResponseStandard standard, String hubId, LocalDate start) {

    @Override
    public String toString() {
        return period + "|" + standard + "|" + hubId + "|" + start;
    }

    public static FigureKey parse(String key) {
        String[] parts = key.split("\\|");
        if (parts.length != 4) {
            throw new IllegalArgumentException("Not a figure key: " + key);
        }
        return new FigureKey(Period.valueOf(parts[0]), ResponseStandard.valueOf(parts[1]), parts[2],
                LocalDate.parse(parts[3]));
    }
}
