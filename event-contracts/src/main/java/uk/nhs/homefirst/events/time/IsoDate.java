package uk.nhs.homefirst.events.time;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads dates in the form {@code 2026-11-23} without going through a general
 * {@code DateTimeFormatter}, as {@link IsoInstant} reads instants; any other text is handed to
 * {@link LocalDate#parse}, so the result is always exactly what it gives.
 */
public final class IsoDate {

    private IsoDate() {
    }

    /** As {@link LocalDate#parse}, with the same results and the same exception. */
    public static LocalDate parse(CharSequence text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int year = IsoInstant.number(text, 0, 4);
            int month = IsoInstant.number(text, 5, 7);
            int day = IsoInstant.number(text, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (DateTimeException e) {
                    throw new DateTimeParseException(e.getMessage(), text, 0, e);
                }
            }
        }
        return LocalDate.parse(text);
    }
}
