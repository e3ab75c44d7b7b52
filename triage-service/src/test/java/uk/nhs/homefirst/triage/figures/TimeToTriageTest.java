package uk.nhs.homefirst.triage.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.triage.figures.TimeToTriage.Case;

class TimeToTriageTest {

    private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-08T00:00:00Z");

    private static Case byClinicianAfter(Instant received, long minutes) {
        return new Case(received, false, false, received.plus(Duration.ofMinutes(minutes)), false);
    }

    @Test
    void eachReferralIsCountedOnceByHowItWasTriaged() {
        Instant received = Instant.parse("2026-12-03T10:00:00Z");
        List<Case> cases = List.of(
                new Case(received, false, false, received, true),
                new Case(received, false, true, received.plusSeconds(1), true),
                byClinicianAfter(received, 30),
                new Case(received, false, true, null, false),
                new Case(received, true, false, null, false));
        TimeToTriage.Figure figure = TimeToTriage.of(cases, FROM, TO);
        assertThat(figure.received()).isEqualTo(5);
        assertThat(figure.byRules()).isEqualTo(2);
        assertThat(figure.byClinician()).isEqualTo(1);
        assertThat(figure.waiting()).as("the cancelled one waits for nobody").isEqualTo(1);
        assertThat(figure.outOfHours()).isEqualTo(2);
        assertThat(figure.median()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theWaitsAreClinicians() {
        Instant received = Instant.parse("2026-12-03T10:00:00Z");
        List<Case> cases = new ArrayList<>();
        for (int minutes = 10; minutes <= 100; minutes += 10) {
            cases.add(byClinicianAfter(received, minutes));
        }
        cases.add(new Case(received, false, false, received.plus(Duration.ofDays(3)), true));
        TimeToTriage.Figure figure = TimeToTriage.of(cases, FROM, TO);
        // Nearest rank over 10 waits: the 5th and the 9th; the rules' decision is no wait of a clinician's.
        assertThat(figure.median()).isEqualTo(Duration.ofMinutes(50));
        assertThat(figure.ninetieth()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void onlyTheReceiptsInTheWindowCount() {
        List<Case> cases = List.of(byClinicianAfter(FROM.minusSeconds(1), 5), byClinicianAfter(FROM, 7),
                byClinicianAfter(TO.minusSeconds(1), 9), byClinicianAfter(TO, 11));
        TimeToTriage.Figure figure = TimeToTriage.of(cases, FROM, TO);
        assertThat(figure.received()).isEqualTo(2);
        assertThat(figure.median()).isEqualTo(Duration.ofMinutes(7));
        assertThat(figure.ninetieth()).isEqualTo(Duration.ofMinutes(9));
    }

    @Test
    void noWaitsNoFigure() {
        TimeToTriage.Figure figure = TimeToTriage.of(List.of(), FROM, TO);
        assertThat(figure.received()).isZero();
        assertThat(figure.median()).isNull();
        assertThat(figure.ninetieth()).isNull();
    }
}
