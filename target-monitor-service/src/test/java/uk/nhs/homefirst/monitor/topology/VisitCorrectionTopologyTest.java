package uk.nhs.homefirst.monitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.ResponseBreached;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.figures.Period;
import uk.nhs.homefirst.monitor.figures.Tally;
import uk.nhs.homefirst.monitor.window.TargetReport;

/**
 * Voided and corrected visits through the topology, as their events arrive: late, twice, and out of
 * order (a void before its visit, a second correction before the first).
 */
class VisitCorrectionTopologyTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final String HUB = "charnwood-nwl";

    final TopologyFixture monitor = new TopologyFixture(T0, List.of(HUB));

    @AfterEach
    void close() {
        monitor.close();
    }

    static Instant at(String offset) {
        return T0.plus(Duration.parse("PT" + offset));
    }

    static Fact[] referral(String id) {
        return new Fact[] {new Fact.Received(id, T0), new Fact.Decided(id, 1, T0.plusSeconds(60), T0, TWO_HOUR),
            new Fact.Allocated(id, 1, T0.plusSeconds(120), HUB, AllocationMethod.POSTCODE_DISTRICT)};
    }

    static Fact.Visited visit(String referral, String visit, Instant at, ContactType contact, int revision) {
        return new Fact.Visited(referral, visit, at, VisitOutcome.ATTENDED, contact, revision);
    }

    ResponseClock clockOf(String referral, Instant now) {
        List<ResponseClock> clocks = monitor.board.read(now, b -> b.clocksOf(TopologyFixture.id(referral)));
        assertThat(clocks).hasSize(1);
        return clocks.get(0);
    }

    TargetReport.WindowTargets day(Instant now) {
        return monitor.hub(HUB, now).standards().stream().filter(s -> s.standard() == ResponseStandard.TWO_HOUR)
                .findFirst().orElseThrow().windows().get(0);
    }

    @Test
    void voidingTheAttendedVisitReopensAClockBeforeItsDeadline() {
        monitor.send(referral("r1"));
        monitor.send(visit("r1", "v1", at("30M"), ContactType.IN_PERSON, 0));
        assertThat(clockOf("r1", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.MET);

        monitor.send(new Fact.VisitVoided("r1", "v1", 1, at("1H")));

        ResponseClock clock = clockOf("r1", at("1H"));
        assertThat(clock.status(at("1H"))).isEqualTo(ClockStatus.PENDING);
        assertThat(clock.stoppedAt()).isNull();
        assertThat(day(at("1H")).pending()).isEqualTo(1);
        assertThat(day(at("1H")).met()).isZero();
    }

    @Test
    void voidingTheAttendedVisitAfterTheDeadlineMakesTheClockBreachedAndAnnouncesTheBreach() {
        monitor.send(referral("r1"));
        monitor.send(visit("r1", "v1", at("1H"), ContactType.IN_PERSON, 0));
        assertThat(day(at("3H")).met()).isEqualTo(1);

        monitor.send(new Fact.VisitVoided("r1", "v1", 1, at("3H")));

        TargetReport.WindowTargets day = day(at("3H"));
        assertThat(day.met()).isZero();
        assertThat(day.breached()).isEqualTo(1);
        assertThat(clockOf("r1", at("3H")).status(at("3H"))).isEqualTo(ClockStatus.BREACHED);
        assertThat(monitor.read(Topics.TARGET_ALERTS).stream()
                .filter(r -> ResponseBreached.TYPE.equals(TopologyFixture.header(r, CloudEventHeaders.TYPE))))
                .as("the breach a void revealed is announced once").hasSize(1);
    }

    @Test
    void theDailyFigureCountsTheClockAsTheVoidLeavesIt() {
        monitor.send(referral("before"));
        monitor.send(visit("before", "v1", at("30M"), ContactType.IN_PERSON, 0));
        monitor.send(referral("after"));
        monitor.send(visit("after", "v2", at("1H"), ContactType.IN_PERSON, 0));
        monitor.advanceTo(at("1H30M"));
        assertThat(figure()).isEqualTo(new Tally(2, 0, 0));

        monitor.send(new Fact.VisitVoided("before", "v1", 1, at("1H30M")));
        assertThat(figure()).as("a reopened clock is pending: in no figure").isEqualTo(new Tally(1, 0, 0));
        monitor.advanceTo(at("3H"));
        monitor.send(new Fact.VisitVoided("after", "v2", 1, at("3H")));
        assertThat(figure()).isEqualTo(new Tally(0, 2, 0));
    }

    Tally figure() {
        monitor.advanceTo(monitor.now().plusMillis(250));
        List<FigureBoard.Entry> entries = monitor.figures.figures(Period.DAY, HUB, TWO_HOUR, DAY, DAY);
        return entries.isEmpty() ? null : entries.get(0).figure().counts();
    }

    static final LocalDate DAY = LocalDate.parse("2026-11-23");

    @Test
    void aVoidArrivingBeforeItsVisitAndTwiceStillTakesTheVisitAway() {
        monitor.send(new Fact.VisitVoided("r1", "v1", 1, at("40M")));
        monitor.send(new Fact.VisitVoided("r1", "v1", 1, at("40M")));
        monitor.send(referral("r1"));
        monitor.send(visit("r1", "v1", at("30M"), ContactType.IN_PERSON, 0));
        monitor.send(visit("r1", "v1", at("30M"), ContactType.IN_PERSON, 0));

        assertThat(clockOf("r1", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.PENDING);
        assertThat(clockOf("r1", at("3H")).status(at("3H"))).isEqualTo(ClockStatus.BREACHED);
    }

    @Test
    void aCorrectionMovesTheStopAndTheLatestRevisionStandsWhateverOrderTheyArriveIn() {
        monitor.send(referral("r1"));
        monitor.send(visit("r1", "v1", at("1H"), ContactType.IN_PERSON, 0));
        // Revision 2 (back within the deadline) arrives before revision 1 (after it).
        monitor.send(visit("r1", "v1", at("1H45M"), ContactType.IN_PERSON, 2));
        monitor.send(visit("r1", "v1", at("2H30M"), ContactType.IN_PERSON, 1));

        ResponseClock clock = clockOf("r1", at("3H"));
        assertThat(clock.status(at("3H"))).isEqualTo(ClockStatus.MET);
        assertThat(clock.stoppedAt()).isEqualTo(at("1H45M"));

        monitor.send(visit("r1", "v1", at("2H30M"), ContactType.IN_PERSON, 3));
        assertThat(clockOf("r1", at("3H")).status(at("3H"))).isEqualTo(ClockStatus.BREACHED);
    }

    @Test
    void aVisitMovedToAnotherReferralStopsThatOnesClockAndNoLongerTheFirst() {
        monitor.send(referral("wrong"));
        monitor.send(referral("right"));
        monitor.send(visit("wrong", "v1", at("30M"), ContactType.IN_PERSON, 0));
        assertThat(clockOf("wrong", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.MET);

        // The move, as hub-allocation-service announces it: a void for the old referral, the visit for the new.
        monitor.send(visit("right", "v1", at("30M"), ContactType.IN_PERSON, 1));
        monitor.send(new Fact.VisitVoided("wrong", "v1", 1, at("1H")));

        assertThat(clockOf("wrong", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.PENDING);
        assertThat(clockOf("right", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.MET);
    }

    @Test
    void onlyAnAttendedContactInPersonStopsAClockAndCorrectingTheContactTypeDecides() {
        monitor.send(referral("phone"));
        monitor.send(visit("phone", "v1", at("30M"), ContactType.TELEPHONE, 0));
        monitor.send(referral("video"));
        monitor.send(visit("video", "v2", at("30M"), ContactType.VIDEO, 0));
        assertThat(clockOf("phone", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.PENDING);
        assertThat(clockOf("video", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.PENDING);

        monitor.send(visit("phone", "v1", at("30M"), ContactType.IN_PERSON, 1));
        assertThat(clockOf("phone", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.MET);
    }

    @Test
    void aVisitRecordedBeforeContactTypesWereKnownCountsAsInPerson() {
        monitor.send(referral("r1"));
        monitor.send(visit("r1", "v1", at("30M"), null, 0));

        assertThat(clockOf("r1", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.MET);
    }
}
