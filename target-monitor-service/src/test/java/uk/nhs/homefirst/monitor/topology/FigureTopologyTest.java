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
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.figures.Figure;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.figures.FigureOrigin;
import uk.nhs.homefirst.monitor.figures.Period;
import uk.nhs.homefirst.monitor.figures.Revision;
import uk.nhs.homefirst.monitor.figures.Tally;

/** The daily, weekly and monthly figures the topology keeps from the judged clocks, with wall-clock time in the test's hands. */
class FigureTopologyTest {

    /** Monday 30 November 2026, 20:00 in London (GMT): the last evening of the month. */
    static final Instant T0 = Instant.parse("2026-11-30T20:00:00Z");
    static final String HUB = "charnwood-nwl";
    static final String OTHER_HUB = "melton-rutland";
    static final LocalDate NOVEMBER = LocalDate.parse("2026-11-01");

    final TopologyFixture monitor = new TopologyFixture(T0.minus(Duration.ofDays(7)), List.of(HUB, OTHER_HUB));

    @AfterEach
    void close() {
        monitor.close();
    }

    void referral(String id, Instant receivedAt, String hub) {
        monitor.send(MonitorTopologyTest.referral(id, receivedAt, TWO_HOUR, hub));
    }

    /** A hospital referral whose patient was home when it was made: its clock runs from receipt. */
    void hospitalReferral(String id, Instant receivedAt, String hub) {
        monitor.send(new Fact.Received(id, receivedAt, Origin.HOSPITAL_DISCHARGE, false, null),
                new Fact.Decided(id, 1, receivedAt.plusSeconds(60), receivedAt, TWO_HOUR),
                new Fact.Allocated(id, 1, receivedAt.plusSeconds(120), hub, AllocationMethod.POSTCODE_DISTRICT));
    }

    /** A figure of all clocks as every instance shows it: changed figures are sent once a tick. */
    Figure figure(Period period, String hub, LocalDate start) {
        return figure(period, hub, start, FigureOrigin.ALL);
    }

    Figure figure(Period period, String hub, LocalDate start, FigureOrigin origin) {
        monitor.advanceTo(monitor.now().plusMillis(250));
        return monitor.figures.figures(period, hub, TWO_HOUR, start, start).stream()
                .filter(e -> e.key().origin() == origin).map(FigureBoard.Entry::figure).findFirst().orElse(null);
    }

    @Test
    void eachResolvedClockCountsInTheDayWeekAndMonthItResolvedInForItsHub() {
        Instant monday = Instant.parse("2026-11-23T09:00:00Z");
        referral("met", monday, HUB);
        monitor.send(MonitorTopologyTest.visit("met", monday.plus(Duration.ofMinutes(50)), VisitOutcome.ATTENDED));
        referral("breached", monday, HUB);
        referral("cancelled", monday, HUB);
        monitor.send(new Fact.Cancelled("cancelled", monday.plus(Duration.ofMinutes(20))));
        referral("tuesday", monday.plus(Duration.ofDays(1)), HUB);
        referral("elsewhere", monday, OTHER_HUB);
        monitor.advanceTo(monday.plus(Duration.ofDays(2)));

        assertThat(figure(Period.DAY, HUB, LocalDate.parse("2026-11-23")).counts()).isEqualTo(new Tally(1, 1, 1));
        assertThat(figure(Period.DAY, HUB, LocalDate.parse("2026-11-24")).counts()).isEqualTo(new Tally(0, 1, 0));
        assertThat(figure(Period.WEEK, HUB, LocalDate.parse("2026-11-23")).counts()).isEqualTo(new Tally(1, 2, 1));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).counts()).isEqualTo(new Tally(1, 2, 1));
        assertThat(figure(Period.MONTH, OTHER_HUB, NOVEMBER).counts()).isEqualTo(new Tally(0, 1, 0));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).isFinal()).isFalse();
    }

    @Test
    void aMonthIsFinalisedAfterItsEndAndALateVisitRecordsARevisionInsteadOfChangingIt() {
        monitor.advanceTo(T0);
        referral("late-evening", T0, HUB);
        monitor.advanceTo(T0.plus(Duration.ofHours(2))); // breached at 22:00 on 30 November
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).counts()).isEqualTo(new Tally(0, 1, 0));

        monitor.advanceTo(Instant.parse("2026-12-01T00:59:00Z"));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).isFinal()).as("not before an hour after the month's end").isFalse();
        monitor.advanceTo(Instant.parse("2026-12-01T01:01:00Z"));
        Figure finalised = figure(Period.MONTH, HUB, NOVEMBER);
        assertThat(finalised.isFinal()).isTrue();
        assertThat(finalised.finalised()).isEqualTo(new Tally(0, 1, 0));

        // A nurse records, on 2 December, the visit she made at 21:30 on 30 November.
        monitor.advanceTo(Instant.parse("2026-12-02T10:00:00Z"));
        monitor.send(new Fact.Visited("late-evening", "the-visit", T0.plus(Duration.ofMinutes(90)), VisitOutcome.ATTENDED),
                "the-visit-event");

        Figure revised = figure(Period.MONTH, HUB, NOVEMBER);
        assertThat(revised.finalised()).as("what was finalised stays").isEqualTo(new Tally(0, 1, 0));
        assertThat(revised.counts()).isEqualTo(new Tally(1, 0, 0));
        assertThat(revised.revisions()).singleElement().satisfies(revision -> {
            assertThat(revision).isEqualTo(new Revision(Instant.parse("2026-12-02T10:00:00Z"), new Tally(0, 1, 0),
                    new Tally(1, 0, 0), TopologyFixture.id("late-evening") + "/1", TopologyFixture.id("the-visit-event"),
                    "VisitRecorded"));
        });
        assertThat(figure(Period.DAY, HUB, LocalDate.parse("2026-11-30")).counts()).isEqualTo(new Tally(1, 0, 0));

        // The same event again changes nothing, and records nothing.
        monitor.send(new Fact.Visited("late-evening", "the-visit", T0.plus(Duration.ofMinutes(90)), VisitOutcome.ATTENDED),
                "the-visit-event");
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).revisions()).hasSize(1);
    }

    @Test
    void aBreachThatMovesToAnotherHubLeavesTheFirstHubsFigures() {
        monitor.advanceTo(T0);
        referral("moved", T0, HUB);
        monitor.advanceTo(T0.plus(Duration.ofHours(3)));
        assertThat(figure(Period.DAY, HUB, LocalDate.parse("2026-11-30")).counts()).isEqualTo(new Tally(0, 1, 0));

        // Recorded late: a coordinator had moved the referral to the other hub an hour after it came in.
        monitor.send(new Fact.Allocated("moved", 2, T0.plus(Duration.ofHours(1)), OTHER_HUB, AllocationMethod.MANUAL));

        assertThat(figure(Period.DAY, HUB, LocalDate.parse("2026-11-30"))).isNull();
        assertThat(figure(Period.DAY, OTHER_HUB, LocalDate.parse("2026-11-30")).counts()).isEqualTo(new Tally(0, 1, 0));
    }

    @Test
    void nothingIsFinalisedUntilTheInputIsReadUpToWhereItStood() {
        monitor.advanceTo(T0);
        referral("backlog", T0, HUB);
        monitor.send(MonitorTopologyTest.visit("backlog", T0.plus(Duration.ofMinutes(40)), VisitOutcome.ATTENDED));
        monitor.caughtUp.set(false);
        monitor.advanceTo(Instant.parse("2026-12-01T02:00:00Z"));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).isFinal()).isFalse();

        monitor.caughtUp.set(true);
        monitor.advanceTo(Instant.parse("2026-12-01T02:01:00Z"));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).isFinal()).isTrue();
    }

    @Test
    void eachFigureSplitsIntoHospitalDischargeAndCommunityWhichAddUpToIt() {
        Instant monday = Instant.parse("2026-11-23T09:00:00Z");
        hospitalReferral("from-hospital-met", monday, HUB);
        monitor.send(MonitorTopologyTest.visit("from-hospital-met", monday.plus(Duration.ofMinutes(50)),
                VisitOutcome.ATTENDED));
        hospitalReferral("from-hospital-breached", monday, HUB);
        referral("from-home-breached", monday, HUB);
        referral("from-home-cancelled", monday, HUB);
        monitor.send(new Fact.Cancelled("from-home-cancelled", monday.plus(Duration.ofMinutes(20))));
        monitor.advanceTo(monday.plus(Duration.ofDays(1)));

        for (Period period : Period.values()) {
            LocalDate start = period.start(LocalDate.parse("2026-11-23"));
            assertThat(figure(period, HUB, start).counts()).as("%s: all", period).isEqualTo(new Tally(1, 2, 1));
            assertThat(figure(period, HUB, start, FigureOrigin.HOSPITAL_DISCHARGE).counts()).as("%s: hospital", period)
                    .isEqualTo(new Tally(1, 1, 0));
            assertThat(figure(period, HUB, start, FigureOrigin.COMMUNITY).counts()).as("%s: community", period)
                    .isEqualTo(new Tally(0, 1, 1));
        }
    }

    @Test
    void aLateVisitToAHospitalReferralRevisesTheFinalisedHospitalMonthAndTheTotalAndNotTheCommunityMonth() {
        monitor.advanceTo(T0);
        hospitalReferral("from-hospital", T0, HUB);
        referral("from-home", T0, HUB);
        monitor.advanceTo(T0.plus(Duration.ofHours(3))); // both breached on 30 November
        monitor.advanceTo(Instant.parse("2026-12-01T01:01:00Z"));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER, FigureOrigin.HOSPITAL_DISCHARGE).finalised())
                .isEqualTo(new Tally(0, 1, 0));

        monitor.advanceTo(Instant.parse("2026-12-02T10:00:00Z"));
        monitor.send(new Fact.Visited("from-hospital", "the-visit", T0.plus(Duration.ofMinutes(90)), VisitOutcome.ATTENDED),
                "the-visit-event");

        Figure hospital = figure(Period.MONTH, HUB, NOVEMBER, FigureOrigin.HOSPITAL_DISCHARGE);
        assertThat(hospital.finalised()).as("what was finalised stays").isEqualTo(new Tally(0, 1, 0));
        assertThat(hospital.counts()).isEqualTo(new Tally(1, 0, 0));
        assertThat(hospital.revisions()).containsExactly(new Revision(Instant.parse("2026-12-02T10:00:00Z"),
                new Tally(0, 1, 0), new Tally(1, 0, 0), TopologyFixture.id("from-hospital") + "/1",
                TopologyFixture.id("the-visit-event"), "VisitRecorded"));
        assertThat(figure(Period.MONTH, HUB, NOVEMBER).revisions()).singleElement()
                .satisfies(r -> assertThat(r.after()).isEqualTo(new Tally(1, 1, 0)));
        Figure community = figure(Period.MONTH, HUB, NOVEMBER, FigureOrigin.COMMUNITY);
        assertThat(community.counts()).isEqualTo(new Tally(0, 1, 0));
        assertThat(community.revised()).isFalse();
    }

    @Test
    void aMonthWithNoHospitalClockIsFinalisedAtZeroSoThatALateHospitalClockIsARevision() {
        monitor.advanceTo(T0);
        referral("from-home", T0, HUB);
        monitor.advanceTo(T0.plus(Duration.ofHours(3)));
        monitor.advanceTo(Instant.parse("2026-12-01T01:01:00Z"));
        Figure none = figure(Period.MONTH, HUB, NOVEMBER, FigureOrigin.HOSPITAL_DISCHARGE);
        assertThat(none.isFinal()).isTrue();
        assertThat(none.finalised()).isEqualTo(Tally.NONE);

        // Recorded on 2 December: a referral from hospital on the evening of 30 November, never visited.
        monitor.advanceTo(Instant.parse("2026-12-02T10:00:00Z"));
        hospitalReferral("from-hospital", T0, HUB);

        Figure hospital = figure(Period.MONTH, HUB, NOVEMBER, FigureOrigin.HOSPITAL_DISCHARGE);
        assertThat(hospital.counts()).isEqualTo(new Tally(0, 1, 0));
        assertThat(hospital.finalised()).isEqualTo(Tally.NONE);
        assertThat(hospital.revisions()).singleElement()
                .satisfies(r -> assertThat(r.clockId()).isEqualTo(TopologyFixture.id("from-hospital") + "/1"));
    }
}
