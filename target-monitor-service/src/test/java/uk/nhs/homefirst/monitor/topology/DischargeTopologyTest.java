package uk.nhs.homefirst.monitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_DAY;
import static uk.nhs.homefirst.monitor.topology.TopologyFixture.header;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ResponseAtRisk;
import uk.nhs.homefirst.events.ResponseBreached;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.window.TargetReport;

/**
 * Hospital discharge to assess through the topology: a referral made before the patient leaves
 * hospital is awaiting discharge, in no figure and with no alert, however long the discharge is
 * delayed; its 2-day clock runs from the confirmed discharge.
 */
class DischargeTopologyTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final LocalDate EXPECTED = LocalDate.of(2026, 11, 24);
    static final String HUB = "charnwood-nwl";

    final TopologyFixture monitor = new TopologyFixture(T0, List.of(HUB));

    @AfterEach
    void close() {
        monitor.close();
    }

    static Instant at(String offset) {
        return T0.plus(Duration.parse("PT" + offset));
    }

    /** A hospital referral before discharge, triaged to reablement and allocated by district. */
    static Fact[] awaitingDischarge(String id) {
        return new Fact[] {new Fact.Received(id, T0, Origin.HOSPITAL_DISCHARGE, true, EXPECTED),
            new Fact.Decided(id, 1, T0.plusSeconds(60), T0, TWO_DAY),
            new Fact.Allocated(id, 1, T0.plusSeconds(120), HUB, AllocationMethod.POSTCODE_DISTRICT)};
    }

    /** A referral from the community at the same time, triaged and allocated alike. */
    static Fact[] fromTheCommunity(String id) {
        return new Fact[] {new Fact.Received(id, T0), new Fact.Decided(id, 1, T0.plusSeconds(60), T0, TWO_DAY),
            new Fact.Allocated(id, 1, T0.plusSeconds(120), HUB, AllocationMethod.POSTCODE_DISTRICT)};
    }

    TargetReport.WindowTargets window(Instant now, String label, boolean byOrigin) {
        return monitor.report(now, byOrigin).hubs().stream().filter(h -> h.hubId().equals(HUB)).findFirst().orElseThrow()
                .standards().stream().filter(s -> s.standard() == TWO_DAY).findFirst().orElseThrow()
                .windows().stream().filter(w -> w.window().equals(label)).findFirst().orElseThrow();
    }

    long alerts(String type) {
        return monitor.read(Topics.TARGET_ALERTS).stream().filter(r -> type.equals(header(r, CloudEventHeaders.TYPE)))
                .count();
    }

    @Test
    void aDelayedDischargeIsNoBreachAndTheTwoDayClockRunsFromTheConfirmedDischarge() {
        monitor.send(awaitingDischarge("r1"));

        // Five days in hospital: far past two days from the referral, and still nothing counts or alerts.
        TargetReport.Targets during = monitor.report(at("120H"));
        TargetReport.WindowTargets week = window(at("120H"), "7d", false);
        assertThat(week.breached()).isZero();
        assertThat(week.pending()).isZero();
        assertThat(week.met()).isZero();
        assertThat(during.awaitingDischarge()).isEqualTo(new TargetReport.AwaitingDischarge(1, EXPECTED, 0));
        assertThat(monitor.awaitingDischarge(at("120H")).referrals()).containsExactly(
                new TargetReport.AwaitingDischargeItem(TopologyFixture.id("r1"), T0, EXPECTED));
        assertThat(alerts(ResponseBreached.TYPE) + alerts(ResponseAtRisk.TYPE)).isZero();

        monitor.send(new Fact.Discharged("r1", at("120H")));

        assertThat(window(at("121H"), "7d", false).pending()).isEqualTo(1);
        assertThat(monitor.report(at("121H")).awaitingDischarge().count()).isZero();
        assertThat(window(at("167H"), "7d", false).breached()).as("47 hours after the discharge").isZero();
        assertThat(window(at("168H"), "7d", false).breached()).as("48 hours after the discharge").isEqualTo(1);
        assertThat(alerts(ResponseBreached.TYPE)).isEqualTo(1);
    }

    @Test
    void aVisitWithinTwoDaysOfTheDischargeMeetsTheClock() {
        monitor.send(awaitingDischarge("r1"));
        monitor.send(new Fact.Discharged("r1", at("72H")));
        monitor.send(new Fact.Visited("r1", "v1", at("100H"), VisitOutcome.ATTENDED));

        TargetReport.WindowTargets week = window(at("101H"), "7d", false);
        assertThat(week.met()).isEqualTo(1);
        assertThat(week.breached()).isZero();
    }

    @Test
    void aDischargeBeforeTriageOrBeforeTheReferralArrivesAndTwiceGivesTheSameFigures() {
        Fact[] referral = awaitingDischarge("r1");
        Fact discharged = new Fact.Discharged("r1", at("30H"));
        monitor.send(discharged, "discharge-event");
        monitor.send(referral[1]);
        monitor.send(discharged, "discharge-event");
        monitor.send(new Fact.Discharged("r1", at("31H")));
        monitor.send(referral[2], referral[0]);

        try (TopologyFixture inOrder = new TopologyFixture(T0, List.of(HUB))) {
            inOrder.send(referral);
            inOrder.send(discharged);
            for (String now : List.of("29H", "40H", "78H", "79H")) {
                assertThat(monitor.report(at(now), true)).as("at %s", now).isEqualTo(inOrder.report(at(now), true));
            }
        }
        assertThat(window(at("79H"), "24h", false).breached()).as("48 hours after the earlier discharge").isEqualTo(1);
    }

    @Test
    void aPostponedDischargeMovesTheExpectedDateOpsSee() {
        monitor.send(awaitingDischarge("r1"));
        monitor.send(new Fact.DischargeDelayed("r1", at("20H"), EXPECTED.plusDays(2)));

        assertThat(monitor.report(at("21H")).awaitingDischarge())
                .isEqualTo(new TargetReport.AwaitingDischarge(1, EXPECTED.plusDays(2), 0));

        monitor.send(new Fact.DischargeDelayed("r1", at("30H"), null));

        assertThat(monitor.report(at("31H")).awaitingDischarge()).isEqualTo(new TargetReport.AwaitingDischarge(1, null, 1));
    }

    @Test
    void everyFigureSplitsIntoHospitalDischargeAndCommunityThatAddUpToIt() {
        monitor.send(awaitingDischarge("hospital"));
        monitor.send(new Fact.Discharged("hospital", at("1H")));
        monitor.send(fromTheCommunity("community"));
        monitor.send(new Fact.Visited("community", "v", at("10H"), VisitOutcome.ATTENDED));

        TargetReport.WindowTargets day = window(at("20H"), "24h", true);

        assertThat(day.met()).isEqualTo(1);
        assertThat(day.pending()).isEqualTo(1);
        assertThat(day.byOrigin().community().met()).isEqualTo(1);
        assertThat(day.byOrigin().community().pending()).isZero();
        assertThat(day.byOrigin().hospitalDischarge().met()).isZero();
        assertThat(day.byOrigin().hospitalDischarge().pending()).isEqualTo(1);
        assertThat(day.byOrigin().community().percentage()).isEqualByComparingTo("100.0");
        assertThat(day.byOrigin().hospitalDischarge().percentage()).isNull();
        assertThat(window(at("20H"), "24h", false).byOrigin()).as("only when asked for").isNull();
        TargetReport.WindowTargets plain = window(at("20H"), "24h", false);
        assertThat(new TargetReport.WindowTargets(day.window(), day.from(), day.met(), day.breached(), day.excluded(),
                day.pending(), day.atRisk(), day.percentage())).as("the totals unchanged").isEqualTo(plain);
    }

    @Test
    void aStandardOfTheSplitThatNoClockHasIsZero() {
        monitor.send(awaitingDischarge("hospital"));
        monitor.send(new Fact.Discharged("hospital", at("1H")));

        TargetReport.Targets report = monitor.report(at("2H"), true);
        for (TargetReport.HubTargets hub : report.hubs()) {
            for (TargetReport.StandardTargets standard : hub.standards()) {
                for (TargetReport.WindowTargets w : standard.windows()) {
                    TargetReport.OriginTargets h = w.byOrigin().hospitalDischarge();
                    TargetReport.OriginTargets c = w.byOrigin().community();
                    assertThat(h.pending() + c.pending()).isEqualTo(w.pending());
                    assertThat(c.pending()).isZero();
                    if (standard.standard() != ResponseStandard.TWO_DAY || !hub.hubId().equals(HUB)) {
                        assertThat(h.pending()).isZero();
                    }
                }
            }
        }
    }

    @Test
    void theAtRiskListAndTheClocksBehindAFigureNameEachClocksOrigin() {
        monitor.send(awaitingDischarge("hospital"));
        monitor.send(new Fact.Discharged("hospital", at("1H")));
        monitor.send(fromTheCommunity("community"));
        Map<String, Origin> expected = Map.of(TopologyFixture.id("hospital"), Origin.HOSPITAL_DISCHARGE,
                TopologyFixture.id("community"), Origin.COMMUNITY);

        // 40 hours in: both 2-day clocks have less than their 12 hours left.
        assertThat(monitor.atRiskNow(at("40H"), T0).atRisk().stream()
                .collect(Collectors.toMap(TargetReport.ClockDetail::referralId, TargetReport.ClockDetail::origin)))
                .isEqualTo(expected);
        assertThat(monitor.figureClocks(at("40H"), HUB, TWO_DAY, "24h", ClockStatus.PENDING).clocks().stream()
                .collect(Collectors.toMap(TargetReport.ClockDetail::referralId, TargetReport.ClockDetail::origin)))
                .isEqualTo(expected);
        assertThat(monitor.hub(HUB, at("40H")).atRisk().stream()
                .collect(Collectors.toMap(TargetReport.ClockAtRisk::referralId, TargetReport.ClockAtRisk::origin)))
                .isEqualTo(expected);
        // Breached, they keep it.
        assertThat(monitor.atRiskNow(at("50H"), T0).breached()).extracting(TargetReport.ClockDetail::origin)
                .containsExactlyInAnyOrder(Origin.HOSPITAL_DISCHARGE, Origin.COMMUNITY);
    }
}
