package uk.nhs.homefirst.events.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads and writes instants in the form the events carry, {@code 2026-11-23T09:15:00.123456Z},
 * several times faster than {@link Instant#parse} and {@link Instant#toString}, which go through a
 * general {@code DateTimeFormatter}: reading a topic from its beginning parses millions of them.
 * Any text outside the common form (an offset other than {@code Z}, a year beyond 9999, a leap
 * second) is handed to {@link Instant#parse}, so the result is always exactly what it gives.
 */
public final class IsoInstant {

    private static final long SECONDS_PER_DAY = 86_400;

    private IsoInstant() {
    }

    /** As {@link Instant#parse}, with the same results and the same exceptions. */
    public static Instant parse(CharSequence text) {
        Instant fast = parseCommonForm(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** As {@link Instant#toString}, with the same text. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (days < -719_528 || days > 2_932_896) {
            // Before 0000-01-01 or after 9999-12-31: a sign and more digits, as Instant#toString writes them.
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nano = instant.getNano();
        StringBuilder out = new StringBuilder(30);
        digits(out, date.getYear(), 4).append('-');
        digits(out, date.getMonthValue(), 2).append('-');
        digits(out, date.getDayOfMonth(), 2).append('T');
        digits(out, secondOfDay / 3600, 2).append(':');
        digits(out, secondOfDay / 60 % 60, 2).append(':');
        digits(out, secondOfDay % 60, 2);
        if (nano != 0) {
            // In groups of three digits, as ISO_INSTANT prints them.
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        return out.append('Z').toString();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field in range, or null for anything else,
     * which {@link Instant#parse} (or another parser of the caller's choice) then judges.
     */
    public static Instant parseCommonForm(CharSequence text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' && text.charAt(length - 1) != 'z') {
            return null;
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) != 'T' && text.charAt(10) != 't')
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nano = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return null;
            }
            int fraction = number(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nano = fraction * POWERS_OF_TEN[9 - (length - 21)];
        } else if (text.charAt(19) != 'Z' && text.charAt(19) != 'z') {
            return null;
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000 };

    /** The decimal number of ASCII digits from {@code start} to {@code end}, or -1 if any is not one. */
    public static int number(CharSequence text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }
}
