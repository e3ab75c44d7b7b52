package uk.nhs.homefirst.events.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IsoInstant} gives exactly what {@link Instant#parse} and {@link Instant#toString} give. */
class IsoInstantTest {

    private final Random random = new Random(20261124);

    @Test
    void writesAndReadsAMillionInstantsAsInstantDoes() {
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            long seconds = i % 2 == 0
                    ? min + (long) (random.nextDouble() * (max - min))
                    : 1_700_000_000L + random.nextInt(200_000_000);
            Instant instant = Instant.ofEpochSecond(seconds, nano(i % 5));
            String text = instant.toString();
            assertThat(IsoInstant.format(instant)).isEqualTo(text);
            assertThat(IsoInstant.parse(text)).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-23T09:15:00Z", "2026-11-23t09:15:00z", "2026-11-23T09:15:00.1Z",
            "2026-11-23T09:15:00.12345678Z", "2026-11-23T09:15:00.123456789Z", "2024-02-29T23:59:59Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z",
            // Outside the common form: Instant#parse judges them.
            "2026-11-23T09:15:00+01:00", "+10000-01-01T00:00:00Z", "2026-12-31T23:59:60Z", "2026-11-23T24:00:00Z",
            "2026-11-23T09:15:00.Z" })
    void readsValidTextAsInstantDoes(String text) {
        Instant expected = parseOrNull(text);
        if (expected == null) {
            assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(DateTimeParseException.class);
        } else {
            assertThat(IsoInstant.parse(text)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "2026-11-23", "2026-11-23T09:15Z", "2026-11-23T09:15:00", "2026-11-23 09:15:00Z",
            "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-11-00T00:00:00Z", "2026-11-23T09:60:00Z", "2026-11-23T09:15:00.1234567890Z",
            "2026-11-23T09:15:00,5Z", "2026-1a-23T09:15:00Z", "-026-11-23T09:15:00Z", "2026-11-23T09:15:00.-5Z",
            "2026-11-23T09:15:00ZZ", "２０２６-11-23T09:15:00Z" })
    void refusesWhatInstantRefuses(String text) {
        assertThat(parseOrNull(text)).as("Instant.parse refuses it too").isNull();
        assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void mangledTextIsJudgedAsInstantJudgesIt() {
        String alphabet = "0123456789-:TZ.+tz ";
        for (int i = 0; i < 200_000; i++) {
            char[] text = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(200_000_000), nano(i % 5)).toString()
                    .toCharArray();
            text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            String mangled = new String(text);
            Instant expected = parseOrNull(mangled);
            if (expected == null) {
                assertThatThrownBy(() -> IsoInstant.parse(mangled)).as(mangled)
                        .isInstanceOf(DateTimeParseException.class);
            } else {
                assertThat(IsoInstant.parse(mangled)).as(mangled).isEqualTo(expected);
            }
        }
    }

    private int nano(int granularity) {
        return switch (granularity) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            case 3 -> random.nextInt(1_000_000_000);
            default -> random.nextInt(10) * 100_000_000;
        };
    }

    private static Instant parseOrNull(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
