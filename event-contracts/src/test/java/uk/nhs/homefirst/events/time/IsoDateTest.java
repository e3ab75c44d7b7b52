package uk.nhs.homefirst.events.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IsoDate} gives exactly what {@link LocalDate#parse} gives. */
class IsoDateTest {

    @Test
    void readsEveryDayOfFourHundredYearsAsLocalDateDoes() {
        for (LocalDate day = LocalDate.of(1800, 1, 1); day.getYear() < 2200; day = day.plusDays(1)) {
            assertThat(IsoDate.parse(day.toString())).isEqualTo(day);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "+10000-01-01", "-0001-12-31" })
    void readsTextOutsideTheCommonFormAsLocalDateDoes(String text) {
        assertThat(IsoDate.parse(text)).isEqualTo(LocalDate.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-11-00", "2026-1x-01",
            "2026-11-1", "26-11-23", "2026/11/23", "", "2026-11-23T00:00", "٢٠٢٦-١١-٢٣" })
    void refusesWhatLocalDateRefuses(String text) {
        assertThatThrownBy(() -> LocalDate.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoDate.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
