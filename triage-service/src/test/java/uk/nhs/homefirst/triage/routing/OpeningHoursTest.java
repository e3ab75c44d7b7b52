package uk.nhs.homefirst.triage.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpeningHoursTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final OpeningHours EIGHT_TO_EIGHT = new OpeningHours(LocalTime.of(8, 0), LocalTime.of(20, 0),
            EnumSet.allOf(DayOfWeek.class), LONDON);

    private static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    @Test
    void openFromTheOpeningMinuteToJustBeforeTheClosingOne() {
        assertThat(EIGHT_TO_EIGHT.isOpenAt(london("2026-12-07T07:59:59"))).isFalse();
        assertThat(EIGHT_TO_EIGHT.isOpenAt(london("2026-12-07T08:00:00"))).isTrue();
        assertThat(EIGHT_TO_EIGHT.isOpenAt(london("2026-12-07T19:59:59"))).isTrue();
        assertThat(EIGHT_TO_EIGHT.isOpenAt(london("2026-12-07T20:00:00"))).isFalse();
        assertThat(EIGHT_TO_EIGHT.isOpenAt(london("2026-12-08T02:30:00"))).isFalse();
    }

    @Test
    void hoursAreLocalTimeInSummerAsInWinter() {
        // 07:30 UTC is 08:30 in London in July (BST), and 07:30 in December (GMT).
        assertThat(EIGHT_TO_EIGHT.isOpenAt(Instant.parse("2026-07-07T07:30:00Z"))).isTrue();
        assertThat(EIGHT_TO_EIGHT.isOpenAt(Instant.parse("2026-12-07T07:30:00Z"))).isFalse();
    }

    @Test
    void closedOnTheDaysItDoesNotOpen() {
        OpeningHours weekdays = new OpeningHours(LocalTime.of(8, 0), LocalTime.of(20, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LONDON);
        assertThat(weekdays.isOpenAt(london("2026-12-05T10:00:00"))).as("a Saturday").isFalse();
        assertThat(weekdays.isOpenAt(london("2026-12-07T10:00:00"))).as("a Monday").isTrue();
        assertThat(weekdays.nextOpening(london("2026-12-04T20:30:00"))).as("Friday evening to Monday")
                .isEqualTo(london("2026-12-07T08:00:00"));
    }

    @Test
    void theNextOpeningIsLaterTodayOrTomorrowOrNowWhenOpen() {
        assertThat(EIGHT_TO_EIGHT.nextOpening(london("2026-12-07T03:00:00"))).isEqualTo(london("2026-12-07T08:00:00"));
        assertThat(EIGHT_TO_EIGHT.nextOpening(london("2026-12-07T21:00:00"))).isEqualTo(london("2026-12-08T08:00:00"));
        assertThat(EIGHT_TO_EIGHT.nextOpening(london("2026-12-07T12:00:00"))).isEqualTo(london("2026-12-07T12:00:00"));
    }

    @Test
    void closingAtMidnightMeansTheEndOfTheDay() {
        OpeningHours allDay = new OpeningHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, EnumSet.allOf(DayOfWeek.class), LONDON);
        assertThat(allDay.isOpenAt(london("2026-12-07T00:00:00"))).isTrue();
        assertThat(allDay.isOpenAt(london("2026-12-07T23:59:59"))).isTrue();
        OpeningHours lateEvening = new OpeningHours(LocalTime.of(8, 0), LocalTime.MIDNIGHT, EnumSet.allOf(DayOfWeek.class),
                LONDON);
        assertThat(lateEvening.isOpenAt(london("2026-12-07T23:00:00"))).isTrue();
        assertThat(lateEvening.isOpenAt(london("2026-12-08T07:00:00"))).isFalse();
    }

    @Test
    void hoursThatCannotBeAreRefused() {
        assertThatThrownBy(() -> new OpeningHours(LocalTime.of(20, 0), LocalTime.of(8, 0), EnumSet.allOf(DayOfWeek.class),
                LONDON)).hasMessageContaining("opens 20:00, closes 08:00");
        assertThatThrownBy(() -> new OpeningHours(LocalTime.of(8, 0), LocalTime.of(20, 0), Set.of(), LONDON))
                .hasMessageContaining("one day");
    }

    @Test
    void eachLduHasItsOwnHoursOrTheCommonOnes() {
        OpeningHours early = new OpeningHours(LocalTime.of(7, 0), LocalTime.of(20, 0), EnumSet.allOf(DayOfWeek.class),
                LONDON);
        LduOpeningHours hours = new LduOpeningHours(EIGHT_TO_EIGHT, Map.of("city", early),
                Set.of("city", "county-and-rutland"));
        Instant sevenThirty = london("2026-12-07T07:30:00");
        assertThat(hours.outOfHours("city", sevenThirty)).isFalse();
        assertThat(hours.outOfHours("county-and-rutland", sevenThirty)).isTrue();
        assertThat(hours.outOfHours(null, sevenThirty)).as("no LDU: admin routes it, whatever the hour").isFalse();
        assertThatThrownBy(() -> new LduOpeningHours(EIGHT_TO_EIGHT, Map.of("cty", early), Set.of("city")))
                .hasMessageContaining("[cty]");
    }
}
