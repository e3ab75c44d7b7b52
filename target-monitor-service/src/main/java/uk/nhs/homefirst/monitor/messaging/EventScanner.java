package uk.nhs.homefirst.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Reads the few top-level fields the monitor needs straight out of an event's JSON bytes, skipping
 * everything else (the whole of ReferralReceived's patient details), without building a parser,
 * tokens or strings for it. A replay reads every event of the topics again; Jackson's data binding
 * was a third of it.
 *
 * <p>It is only a shortcut: it answers for the plain form producers write (UTF-8 in ASCII, no
 * escapes in the fields it reads, no duplicate fields, numbers as plain integers, instants as
 * {@code 2026-11-23T08:00:00.123Z}), and it checks that the whole document is JSON as Jackson
 * reads it. For anything else it answers {@code null}, and the caller reads the event with
 * Jackson, whose result or error then stands. So it never accepts what Jackson would refuse, nor
 * reads a value differently ({@code EventScannerPropertiesTest} compares the two on generated and
 * broken events).
 */
final class EventScanner {

    /** What kind of value a field holds, and so how it is read. */
    enum Kind { TEXT, INSTANT, INT, NAME }

    /** A top-level field to read. {@code names} are the constants of an enum field. */
    record Field(String name, Kind kind, List<? extends Enum<?>> names) {

        static Field text(String name) {
            return new Field(name, Kind.TEXT, List.of());
        }

        static Field instant(String name) {
            return new Field(name, Kind.INSTANT, List.of());
        }

        static Field number(String name) {
            return new Field(name, Kind.INT, List.of());
        }

        static <E extends Enum<E>> Field name(String name, Class<E> type) {
            return new Field(name, Kind.NAME, List.of(type.getEnumConstants()));
        }
    }

    /** The fields of one event type; field 0 is the referral id, compared with the record key. */
    static final class Shape {
        private final Field[] fields;
        private final byte[][] names;
        private final byte[][][] constants;

        Shape(Field... fields) {
            this.fields = fields;
            this.names = new byte[fields.length][];
            this.constants = new byte[fields.length][][];
            for (int i = 0; i < fields.length; i++) {
                names[i] = fields[i].name().getBytes(StandardCharsets.US_ASCII);
                constants[i] = fields[i].names().stream().map(c -> c.name().getBytes(StandardCharsets.US_ASCII))
                        .toArray(byte[][]::new);
            }
        }

        int size() {
            return fields.length;
        }
    }

    /** Deeper than this, or longer, the document goes to Jackson, whose limits then apply. */
    private static final int MAX_DEPTH = 63;
    private static final int MAX_NUMBER = 100;
    private static final int MAX_NAME = 1_000;

    private final byte[] json;
    private int at;

    private EventScanner(byte[] json) {
        this.json = json;
    }

    /**
     * The values of the shape's fields in {@code json}, in the shape's order (null for a field that
     * is absent or JSON null; an {@code Integer} for a number, absent being 0), or null when Jackson
     * must read the document. A referral id equal to {@code key} is {@code key} itself.
     */
    static Object[] scan(byte[] json, Shape shape, String key) {
        if (json == null) {
            return null;
        }
        EventScanner scanner = new EventScanner(json);
        Object[] values = new Object[shape.size()];
        return scanner.root(shape, values, key) ? values : null;
    }

    private boolean root(Shape shape, Object[] values, String key) {
        skipSpace();
        if (!next('{')) {
            return false;
        }
        boolean[] seen = new boolean[values.length];
        skipSpace();
        if (!next('}')) {
            do {
                skipSpace();
                int nameStart = at + 1;
                if (!skipName()) {
                    return false;
                }
                int field = field(shape, nameStart, at - 1);
                skipSpace();
                if (!next(':')) {
                    return false;
                }
                skipSpace();
                if (field < 0) {
                    if (!skipValue()) {
                        return false;
                    }
                } else {
                    if (seen[field]) {
                        return false; // which one counts is Jackson's to say
                    }
                    seen[field] = true;
                    if (!readValue(shape, field, values, key)) {
                        return false;
                    }
                }
                skipSpace();
            } while (next(','));
            if (!next('}')) {
                return false;
            }
        }
        skipSpace();
        if (at != json.length) {
            return false; // what follows the object is Jackson's to judge
        }
        for (int i = 0; i < values.length; i++) {
            if (!seen[i] && shape.fields[i].kind() == Kind.INT) {
                values[i] = 0;
            }
        }
        return true;
    }

    /** The index of the shape's field named by the bytes from {@code start} to {@code end}, or -1. */
    private int field(Shape shape, int start, int end) {
        for (int i = 0; i < shape.names.length; i++) {
            if (equal(shape.names[i], start, end)) {
                return i;
            }
        }
        return -1;
    }

    private boolean readValue(Shape shape, int field, Object[] values, String key) {
        if (literal("null")) {
            // A missing int is 0 to Jackson, but JSON null for one is a coercion: Jackson's to judge.
            return shape.fields[field].kind() != Kind.INT;
        }
        Kind kind = shape.fields[field].kind();
        if (kind == Kind.INT) {
            return readInt(field, values);
        }
        if (at >= json.length || json[at] != '"') {
            return false;
        }
        int start = at + 1;
        int end = start;
        while (end < json.length && json[end] != '"') {
            byte b = json[end];
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return false; // escapes, control characters and non-ASCII: Jackson decodes those
            }
            end++;
        }
        if (end >= json.length) {
            return false;
        }
        at = end + 1;
        switch (kind) {
            case TEXT -> values[field] = field == 0 && sameAs(key, start, end) ? key
                    : new String(json, start, end - start, StandardCharsets.ISO_8859_1);
            case INSTANT -> {
                Instant instant = instant(json, start, end);
                if (instant == null) {
                    return false;
                }
                values[field] = instant;
            }
            default -> {
                Enum<?> constant = constant(shape, field, start, end);
                if (constant == null) {
                    return false;
                }
                values[field] = constant;
            }
        }
        return true;
    }

    private Enum<?> constant(Shape shape, int field, int start, int end) {
        byte[][] constants = shape.constants[field];
        for (int i = 0; i < constants.length; i++) {
            if (equal(constants[i], start, end)) {
                return shape.fields[field].names().get(i);
            }
        }
        return null;
    }

    /** A plain integer of up to nine digits: 0, 7, -12. */
    private boolean readInt(int field, Object[] values) {
        int start = at;
        boolean negative = at < json.length && json[at] == '-';
        if (negative) {
            at++;
        }
        int digits = at;
        int value = 0;
        while (at < json.length && json[at] >= '0' && json[at] <= '9') {
            value = value * 10 + (json[at] - '0');
            at++;
        }
        int length = at - digits;
        if (length == 0 || length > 9 || (length > 1 && json[digits] == '0')) {
            return false;
        }
        if (at < json.length && (json[at] == '.' || json[at] == 'e' || json[at] == 'E')) {
            return false;
        }
        if (negative && value == 0) {
            return false; // -0: Jackson's to judge
        }
        values[field] = negative ? -value : value;
        return at > start;
    }

    private boolean sameAs(String key, int start, int end) {
        if (key == null || key.length() != end - start) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (key.charAt(i - start) != json[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean equal(byte[] expected, int start, int end) {
        if (expected.length != end - start) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != json[start + i]) {
                return false;
            }
        }
        return true;
    }

    // Validation of what is skipped: JSON as Jackson reads it by default, or false.

    /**
     * Skips one value, checking it is JSON: a loop over the nesting, kept in a bit per level (1 for
     * an object), rather than a recursion, which the JIT compiles into one small method. What
     * follows a value is checked by what holds it: a comma or the closing bracket, after white space.
     */
    private boolean skipValue() {
        long objects = 0;
        int depth = 0;
        while (true) {
            // A value starts here.
            skipSpace();
            if (at >= json.length) {
                return false;
            }
            byte b = json[at];
            if (b == '{' || b == '[') {
                at++;
                skipSpace();
                if (!next(b == '{' ? '}' : ']')) {
                    if (++depth > MAX_DEPTH) {
                        return false;
                    }
                    objects = b == '{' ? objects | (1L << depth) : objects & ~(1L << depth);
                    if (b == '{' && !member()) {
                        return false;
                    }
                    continue; // the first value of the new object or array
                }
            } else if (b == '"') {
                if (!skipString()) {
                    return false;
                }
            } else if (b == '-' || (b >= '0' && b <= '9')) {
                if (!skipNumber()) {
                    return false;
                }
            } else if (!literal("true") && !literal("false") && !literal("null")) {
                return false;
            }
            // A value ended: close what it ends, until one goes on with a comma.
            while (true) {
                if (depth == 0) {
                    return true;
                }
                skipSpace();
                boolean object = (objects & (1L << depth)) != 0;
                if (next(',')) {
                    if (object && !member()) {
                        return false;
                    }
                    break;
                }
                if (!next(object ? '}' : ']')) {
                    return false;
                }
                depth--;
            }
        }
    }

    /** The name of an object's member and its colon; its value follows. */
    private boolean member() {
        skipSpace();
        if (!skipName()) {
            return false;
        }
        skipSpace();
        return next(':');
    }

    /** A field name: a string of printable ASCII without escapes (anything else goes to Jackson). */
    private boolean skipName() {
        if (at >= json.length || json[at] != '"') {
            return false;
        }
        int start = at;
        at++;
        while (at < json.length && json[at] != '"') {
            byte b = json[at];
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return false;
            }
            at++;
        }
        if (at >= json.length || at - start > MAX_NAME) {
            return false;
        }
        at++;
        return true;
    }

    /**
     * A string of well-formed UTF-8 with valid escapes (patients' names are in every script); an
     * unescaped control character, or bytes that are not UTF-8, go to Jackson.
     */
    private boolean skipString() {
        at++;
        while (at < json.length) {
            // Most of a string is plain ASCII: one look-up a byte until something else.
            while (PLAIN_IN_STRING[json[at] & 0xff]) {
                if (++at == json.length) {
                    return false;
                }
            }
            byte b = json[at];
            if (b == '"') {
                at++;
                return true;
            }
            if (b < 0) {
                if (!skipUtf8()) {
                    return false;
                }
                continue;
            }
            if (b < 0x20) {
                return false;
            }
            if (b == '\\') {
                at++;
                if (at >= json.length) {
                    return false;
                }
                byte escaped = json[at];
                if (escaped == 'u') {
                    for (int i = 1; i <= 4; i++) {
                        if (at + i >= json.length || Character.digit(json[at + i], 16) < 0) {
                            return false;
                        }
                    }
                    at += 4;
                } else if ("\"\\/bfnrt".indexOf(escaped) < 0) {
                    return false;
                }
            }
            at++;
        }
        return false;
    }

    /** The bytes that stand for themselves in a string: ASCII from the space on, but for the quote and backslash. */
    private static final boolean[] PLAIN_IN_STRING = new boolean[256];

    static {
        for (int b = 0x20; b <= 0x7f; b++) {
            PLAIN_IN_STRING[b] = b != '"' && b != '\\';
        }
    }

    /** One character of two to four bytes, well-formed as RFC 3629 has it: no overlong forms, no surrogates. */
    private boolean skipUtf8() {
        int lead = json[at] & 0xff;
        int continuations;
        int low = 0x80;
        int high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            continuations = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            continuations = 2;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            continuations = 3;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            return false;
        }
        if (at + continuations >= json.length) {
            return false;
        }
        for (int i = 1; i <= continuations; i++) {
            int b = json[at + i] & 0xff;
            if (i == 1 ? (b < low || b > high) : (b < 0x80 || b > 0xbf)) {
                return false;
            }
        }
        at += continuations + 1;
        return true;
    }

    /** A number as JSON writes one: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private boolean skipNumber() {
        int start = at;
        if (json[at] == '-') {
            at++;
        }
        if (at >= json.length) {
            return false;
        }
        if (json[at] == '0') {
            at++;
        } else if (json[at] >= '1' && json[at] <= '9') {
            skipDigits();
        } else {
            return false;
        }
        if (at < json.length && json[at] == '.') {
            at++;
            if (skipDigits() == 0) {
                return false;
            }
        }
        if (at < json.length && (json[at] == 'e' || json[at] == 'E')) {
            at++;
            if (at < json.length && (json[at] == '+' || json[at] == '-')) {
                at++;
            }
            if (skipDigits() == 0) {
                return false;
            }
        }
        return at - start <= MAX_NUMBER;
    }

    private int skipDigits() {
        int start = at;
        while (at < json.length && json[at] >= '0' && json[at] <= '9') {
            at++;
        }
        return at - start;
    }

    private boolean literal(String word) {
        if (at + word.length() > json.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (json[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }

    /** JSON's white space, as Jackson allows it: space, tab, line feed, carriage return. */
    private void skipSpace() {
        while (at < json.length) {
            byte b = json[at];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            at++;
        }
    }

    private boolean next(char c) {
        if (at < json.length && json[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    // Instants in the form the events carry: yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z.

    /**
     * The instant written in ASCII from {@code start} to {@code end}, as {@link Instant#parse} reads
     * it, or null when the text is not in the common form (then Jackson's reading decides).
     */
    static Instant instant(byte[] text, int start, int end) {
        long seconds = epochSecond(text, start, end);
        if (seconds == NOT_AN_INSTANT) {
            return null;
        }
        int length = end - start;
        int nano = length > 20 ? digits(text, start + 20, end - 1) * POWERS_OF_TEN[9 - (length - 21)] : 0;
        return Instant.ofEpochSecond(seconds, nano);
    }

    /**
     * Whether {@link #instant} reads the text as an instant, without making one: the {@code ce_time}
     * header of every event is only checked, never kept.
     */
    static boolean isInstant(byte[] text, int start, int end) {
        return epochSecond(text, start, end) != NOT_AN_INSTANT;
    }

    private static final long NOT_AN_INSTANT = Long.MIN_VALUE;

    /** The epoch second of an instant in the common form (its fraction checked too), or {@link #NOT_AN_INSTANT}. */
    private static long epochSecond(byte[] text, int start, int end) {
        int length = end - start;
        if (length < 20 || length > 30 || text[end - 1] != 'Z') {
            return NOT_AN_INSTANT;
        }
        if (text[start + 4] != '-' || text[start + 7] != '-' || text[start + 10] != 'T' || text[start + 13] != ':'
                || text[start + 16] != ':') {
            return NOT_AN_INSTANT;
        }
        int year = fourDigits(text, start);
        int month = twoDigits(text, start + 5);
        int day = twoDigits(text, start + 8);
        int hour = twoDigits(text, start + 11);
        int minute = twoDigits(text, start + 14);
        int second = twoDigits(text, start + 17);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_AN_INSTANT;
        }
        if (length > 20) {
            if (text[start + 19] != '.' || length == 21 || digits(text, start + 20, end - 1) < 0) {
                return NOT_AN_INSTANT;
            }
        } else if (text[start + 19] != 'Z') {
            return NOT_AN_INSTANT;
        }
        return epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
    }

    private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000 };

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date of the proleptic Gregorian calendar (year 0 to 9999). */
    private static long epochDay(int year, int month, int day) {
        // Howard Hinnant's days_from_civil.
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    /**
     * The number of the two ASCII digits at {@code at}, or -1 if either is not one: without a loop or
     * a branch per digit, as every event carries several instants and every header one.
     */
    private static int twoDigits(byte[] text, int at) {
        int tens = text[at] - '0';
        int units = text[at + 1] - '0';
        return (tens | units | (9 - tens) | (9 - units)) < 0 ? -1 : tens * 10 + units;
    }

    /** As {@link #twoDigits}, for four digits. */
    private static int fourDigits(byte[] text, int at) {
        int high = twoDigits(text, at);
        int low = twoDigits(text, at + 2);
        return (high | low) < 0 ? -1 : high * 100 + low;
    }

    /** The decimal number of ASCII digits from {@code start} to {@code end}, or -1 if any is not one. */
    private static int digits(byte[] text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
