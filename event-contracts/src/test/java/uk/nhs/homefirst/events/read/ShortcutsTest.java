package uk.nhs.homefirst.events.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import com.networknt.schema.Format;
import com.networknt.schema.Formats;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.time.IsoInstant;

/** The reader's hand-written checks say what the regexes and formatters they stand in for say. */
class ShortcutsTest {

    private final Random random = new Random(18);

    @Test
    void aTimeInThePlatformsFormIsReadAsTheFormatterReadsIt() {
        List<String> texts = new ArrayList<>(List.of("2026-11-01T10:00:00Z", "2026-11-01T10:00:00.1Z",
                "2026-11-01T10:00:00.123456789Z", "2024-02-29T23:59:59.5Z", "2026-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T10:60:00Z",
                "2026-11-01T10:00:60Z", "2026-11-01T10:00:00.Z", "2026-11-01T10:00:00.1234567890Z",
                "2026-11-01t10:00:00Z", "2026-11-01T10:00Z", "2026-11-01T10:00:00+01:00", "2026-11-01T10:00:00",
                "2026-11-0xT10:00:00Z", "+2026-11-01T10:00:00Z", "0000-01-01T00:00:00Z", "2026-00-01T10:00:00Z",
                "2026-11-00T10:00:00Z", "2026-11-01 10:00:00Z", " 2026-11-01T10:00:00Z"));
        for (int i = 0; i < 2000; i++) {
            texts.add(Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)).toString());
        }
        for (String text : texts) {
            Instant formatter;
            try {
                formatter = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                formatter = null;
            }
            Instant fast = IsoInstant.parseCommonForm(text);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(formatter);
            }
        }
        assertThat(IsoInstant.parseCommonForm("2026-11-01T10:00:00.5Z")).isEqualTo(Instant.parse("2026-11-01T10:00:00.5Z"));
        assertThat(IsoInstant.parseCommonForm("2026-04-31T10:00:00Z")).isNull();
    }

    @Test
    void whatAFormatsShortcutAcceptsTheLibrarysFormatAcceptsToo() {
        Map<String, Format> library = new HashMap<>();
        Formats.DEFAULT.forEach(format -> library.put(format.getName(), format));
        List<String> texts = new ArrayList<>(List.of("", "2026-11-01", "2024-02-29", "2026-02-29", "2026-04-31",
                "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "0001-01-01", "9999-12-31", "2026-1-01",
                "2026/11/01", "2026-11-01T10:00:00Z", "2026-11-01T10:00:00.1Z", "2026-11-01T10:00:00.123456789Z",
                "2026-11-01t10:00:00z", "2026-11-01T23:59:60Z", "2026-11-01T10:00:00+01:00", "0999-11-01T10:00:00Z",
                "1000-01-01T00:00:00Z", "2026-11-01T10:00:00.Z", "2026-11-01 10:00:00Z"));
        for (int i = 0; i < 2000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
            texts.add(instant.toString());
            texts.add(instant.toString().substring(0, 10));
            String uuid = UUID.randomUUID().toString();
            texts.add(uuid);
            texts.add(uuid.toUpperCase());
            char[] chars = uuid.toCharArray();
            chars[random.nextInt(chars.length)] = "0af-gAZ_ /".charAt(random.nextInt(10));
            texts.add(new String(chars));
        }
        int shortcuts = 0;
        for (String text : texts) {
            for (var shortcut : Map.<String, java.util.function.Predicate<String>>of("uuid", EventReader::isUuid, "date",
                    EventReader::isCommonDate, "date-time", EventReader::isCommonDateTime).entrySet()) {
                if (shortcut.getValue().test(text)) {
                    shortcuts++;
                    assertThat(library.get(shortcut.getKey()).matches(null, text)).as(shortcut.getKey() + " " + text)
                            .isTrue();
                }
            }
        }
        assertThat(shortcuts).isGreaterThan(5000);
    }

    @Test
    void idsAndHubIdsAreCheckedAsTheirPatternsSay() {
        List<String> texts = new ArrayList<>(List.of("", "-", "a", "charnwood-nwl", "Hub_1", "hub 1", "hub/1", "hüb",
                "x".repeat(64), "x".repeat(65), UUID.randomUUID().toString().toUpperCase(),
                UUID.randomUUID().toString() + "0", UUID.randomUUID().toString().replace('-', '_')));
        for (int i = 0; i < 500; i++) {
            String uuid = UUID.randomUUID().toString();
            texts.add(uuid);
            char[] chars = uuid.toCharArray();
            chars[random.nextInt(chars.length)] = "0af-gAZ_ /".charAt(random.nextInt(10));
            texts.add(new String(chars));
        }
        for (String text : texts) {
            assertThat(EventReader.isUuid(text)).as(text).isEqualTo(EventReader.UUID_FORM.matcher(text).matches());
            assertThat(EventReader.isHubId(text)).as(text).isEqualTo(EventReader.HUB_ID.matcher(text).matches());
        }
    }
}
