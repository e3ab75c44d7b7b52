package uk.nhs.homefirst.monitor.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.EIGHTEEN_WEEK;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_DAY;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR;
import static uk.nhs.homefirst.monitor.topology.TopologyFixture.data;
import static uk.nhs.homefirst.monitor.topology.TopologyFixture.header;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ResponseAtRisk;
import uk.nhs.homefirst.events.ResponseBreached;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.TargetAlertRaised;
import uk.nhs.homefirst.events.TargetAlertResolved;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.window.TargetReport;

/** The topology on its own, with wall-clock time in the test's hands. */
class MonitorTopologyTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final String HUB = "charnwood-nwl";
    static final String OTHER_HUB = "melton-rutland";

    final TopologyFixture monitor = new TopologyFixture(T0, List.of(HUB, OTHER_HUB));

    @AfterEach
    void close() {
        monitor.close();
    }

    static Instant at(String offset) {
        return T0.plus(Duration.parse("PT" + offset));
    }

    /** A referral received at {@code receivedAt}, triaged onto {@code standard}, allocated to {@code hub} by district. */
    static Fact[] referral(String id, Instant receivedAt, ResponseStandard standard, String hub) {
        return new Fact[] {new Fact.Received(id, receivedAt),
            new Fact.Decided(id, 1, receivedAt.plusSeconds(60), receivedAt, standard),
            new Fact.Allocated(id, 1, receivedAt.plusSeconds(120), hub, AllocationMethod.POSTCODE_DISTRICT)};
    }

    static Fact visit(String id, Instant at, VisitOutcome outcome) {
        return new Fact.Visited(id, id + "-" + at, at, outcome);
    }

    TargetReport.WindowTargets day(String hub, ResponseStandard standard, Instant now) {
        return monitor.hub(hub, now).standards().stream().filter(s -> s.standard() == standard).findFirst().orElseThrow()
                .windows().get(0);
    }

    List<ResponseClock> clocksOf(String referral, Instant now) {
        return monitor.board.read(now, b -> b.clocksOf(id(referral)));
    }

    static String id(String name) {
        return TopologyFixture.id(name);
    }

    List<TestRecord<String, byte[]>> alerts(String type) {
        return monitor.read(Topics.TARGET_ALERTS).stream().filter(r -> type.equals(header(r, CloudEventHeaders.TYPE))).toList();
    }

    @Test
    void aVisitInTimeMeetsTheClockAndOneAfterTheDeadlineDoesNot() {
        monitor.send(referral("met", T0, TWO_HOUR, HUB));
        monitor.send(visit("met", at("1H59M"), VisitOutcome.ATTENDED));
        monitor.send(referral("late-visit", T0, TWO_HOUR, HUB));
        monitor.send(visit("late-visit", at("2H1M"), VisitOutcome.ATTENDED));
        monitor.send(referral("not-home", T0, TWO_HOUR, HUB));
        monitor.send(visit("not-home", at("1H"), VisitOutcome.PATIENT_NOT_AT_HOME));

        TargetReport.WindowTargets day = day(HUB, TWO_HOUR, at("3H"));
        assertThat(day.met()).isEqualTo(1);
        assertThat(day.breached()).isEqualTo(2);
        assertThat(day.percentage()).isEqualByComparingTo("33.3");
    }

    @Test
    void eventsOutOfOrderAndTwiceGiveTheSameFiguresAsInOrderOnce() {
        Fact[] facts = referral("r1", T0, TWO_HOUR, HUB);
        Fact attended = visit("r1", at("30M"), VisitOutcome.ATTENDED);
        monitor.send(attended, "visit-event");
        monitor.send(attended, "visit-event");
        monitor.send(facts[2], facts[1], facts[0], facts[2]);

        try (TopologyFixture inOrder = new TopologyFixture(T0, List.of(HUB, OTHER_HUB))) {
            inOrder.send(facts);
            inOrder.send(attended);
            assertThat(monitor.report(at("1H"))).isEqualTo(inOrder.report(at("1H")));
        }
        assertThat(day(HUB, TWO_HOUR, at("1H")).met()).isEqualTo(1);
    }

    @Test
    void aLateVisitWithAnEarlierBusinessTimeCorrectsABreach() {
        monitor.send(referral("r1", T0, TWO_HOUR, HUB));
        assertThat(day(HUB, TWO_HOUR, at("3H")).breached()).isEqualTo(1);

        monitor.send(visit("r1", at("1H30M"), VisitOutcome.ATTENDED));

        TargetReport.WindowTargets day = day(HUB, TWO_HOUR, at("3H"));
        assertThat(day.breached()).isZero();
        assertThat(day.met()).isEqualTo(1);
    }

    @Test
    void aReTriageOntoAnotherStandardExcludesTheOpenClockAndStartsAnotherAtTheDecision() {
        monitor.send(referral("r1", T0, TWO_HOUR, HUB));
        monitor.send(new Fact.Decided("r1", 2, at("30M"), T0, TWO_DAY));

        assertThat(day(HUB, TWO_HOUR, at("1H")).excluded()).isEqualTo(1);
        assertThat(day(HUB, TWO_DAY, at("1H")).pending()).isEqualTo(1);
        assertThat(clocksOf("r1", at("1H")).get(1).startedAt()).isEqualTo(at("30M"));
    }

    @Test
    void aBreachCountsForTheHubHoldingTheReferralAtTheDeadlineAndAPendingClockForTheCurrentOne() {
        monitor.send(referral("breached", T0, TWO_HOUR, HUB));
        monitor.send(new Fact.Allocated("breached", 2, at("3H"), OTHER_HUB, AllocationMethod.MANUAL));
        monitor.send(referral("pending", at("2H"), TWO_HOUR, HUB));
        monitor.send(new Fact.Allocated("pending", 2, at("2H30M"), OTHER_HUB, AllocationMethod.MANUAL));

        assertThat(day(HUB, TWO_HOUR, at("3H")).breached()).isEqualTo(1);
        assertThat(day(OTHER_HUB, TWO_HOUR, at("3H")).pending()).isEqualTo(1);
        assertThat(day(HUB, TWO_HOUR, at("3H")).pending()).isZero();
    }

    @Test
    void aCancellationBeforeTheDeadlineExcludesAndOneAfterItLeavesTheBreach() {
        monitor.send(referral("early", T0, TWO_HOUR, HUB));
        monitor.send(new Fact.Cancelled("early", at("1H")));
        monitor.send(referral("late", T0, TWO_HOUR, HUB));
        monitor.send(new Fact.Cancelled("late", at("2H30M")));

        TargetReport.WindowTargets day = day(HUB, TWO_HOUR, at("3H"));
        assertThat(day.excluded()).isEqualTo(1);
        assertThat(day.breached()).isEqualTo(1);
        assertThat(day.percentage()).isEqualByComparingTo("0.0");
    }

    @Test
    void aClockIsAnnouncedAtRiskWhenLessThanItsMarginIsLeftOnceAndAgainToTheHubItMovesTo() {
        monitor.send(referral("r1", T0, TWO_HOUR, HUB));
        monitor.advanceTo(at("1H30M"));
        assertThat(alerts(ResponseAtRisk.TYPE)).as("exactly 30 minutes left is not less than the margin").isEmpty();

        monitor.advanceTo(at("1H30M0.3S"));
        List<TestRecord<String, byte[]>> warnings = alerts(ResponseAtRisk.TYPE);
        assertThat(warnings).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(HUB);
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(HUB);
            ResponseAtRisk warning = data(record, ResponseAtRisk.class);
            assertThat(warning.referralId()).isEqualTo(id("r1"));
            assertThat(warning.deadline()).isEqualTo(at("2H"));
            assertThat(warning.timeLeft()).isLessThan(Duration.ofMinutes(30)).isGreaterThan(Duration.ofMinutes(29));
        });
        monitor.advanceTo(at("1H45M"));
        assertThat(alerts(ResponseAtRisk.TYPE)).as("announced once").isEmpty();

        monitor.send(new Fact.Allocated("r1", 2, at("1H45M"), OTHER_HUB, AllocationMethod.MANUAL));
        assertThat(alerts(ResponseAtRisk.TYPE)).singleElement()
                .satisfies(record -> assertThat(record.key()).isEqualTo(OTHER_HUB));
        assertThat(monitor.alertList.warnings(T0, 10)).extracting(w -> w.hubId()).containsExactly(OTHER_HUB, HUB);
    }

    @Test
    void aClockBreachesAtItsDeadlineWithoutAnyEventAndIsAnnouncedOnce() {
        monitor.send(referral("r1", T0, TWO_HOUR, HUB));
        monitor.advanceTo(at("1H59M59S"));
        assertThat(alerts(ResponseBreached.TYPE)).isEmpty();

        monitor.advanceTo(at("2H0M0.25S"));
        assertThat(alerts(ResponseBreached.TYPE)).singleElement().satisfies(record -> {
            ResponseBreached breach = data(record, ResponseBreached.class);
            assertThat(breach.hubId()).isEqualTo(HUB);
            assertThat(breach.deadline()).isEqualTo(at("2H"));
        });
        monitor.advanceTo(at("5H"));
        assertThat(alerts(ResponseBreached.TYPE)).isEmpty();
    }

    @Test
    void anAlertIsRaisedOnceWhenTheHubFallsBelowItsThresholdAndResolvedOnceWhenItRecovers() {
        for (int i = 0; i < 3; i++) {
            monitor.send(referral("breach-" + i, T0, TWO_HOUR, HUB));
        }
        monitor.advanceTo(at("2H0.25S")); // the breaches, at their deadline
        monitor.advanceTo(at("2H0.5S")); // the judge's next tick
        assertThat(alerts(TargetAlertRaised.TYPE)).singleElement().satisfies(record -> {
            TargetAlertRaised raised = data(record, TargetAlertRaised.class);
            assertThat(raised.hubId()).isEqualTo(HUB);
            assertThat(raised.standard()).isEqualTo(TWO_HOUR);
            assertThat(raised.breached()).isEqualTo(3);
            assertThat(raised.percentage()).isEqualByComparingTo("0.0");
        });
        assertThat(monitor.alertList.alerts(T0)).singleElement().satisfies(alert -> assertThat(alert.open()).isTrue());

        // 9 met of 12 is 75%: the threshold plus the hysteresis margin.
        for (int i = 0; i < 9; i++) {
            monitor.send(referral("met-" + i, at("1H"), TWO_HOUR, HUB));
            monitor.send(visit("met-" + i, at("2H30M"), VisitOutcome.ATTENDED));
        }
        monitor.advanceTo(at("2H31M"));
        assertThat(alerts(TargetAlertResolved.TYPE)).singleElement().satisfies(record -> {
            TargetAlertResolved resolved = data(record, TargetAlertResolved.class);
            assertThat(resolved.percentage()).isEqualByComparingTo("75.0");
            assertThat(resolved.met()).isEqualTo(9);
        });
        monitor.advanceTo(at("3H"));
        assertThat(alerts(TargetAlertRaised.TYPE)).isEmpty();
        assertThat(monitor.alertList.alerts(T0)).singleElement().satisfies(alert -> assertThat(alert.open()).isFalse());
    }

    @Test
    void nothingIsAnnouncedOrJudgedUntilTheInputIsReadUpToWhereItStood() {
        monitor.caughtUp.set(false);
        for (int i = 0; i < 3; i++) {
            monitor.send(referral("r" + i, T0, TWO_HOUR, HUB));
        }
        monitor.advanceTo(at("3H"));
        assertThat(monitor.read(Topics.TARGET_ALERTS)).isEmpty();

        monitor.caughtUp.set(true);
        monitor.advanceTo(at("3H0.5S"));
        assertThat(alerts(ResponseBreached.TYPE)).hasSize(3);
        monitor.advanceTo(at("3H1S"));
        assertThat(alerts(TargetAlertRaised.TYPE)).hasSize(1);
    }

    @Test
    void aResolvedClockLeavesTheBoardOnceOutsideEveryWindowAndTheReferralLeavesTheStateAfterTheHorizon() {
        monitor.send(referral("r1", T0, TWO_HOUR, HUB));
        monitor.send(visit("r1", at("1H"), VisitOutcome.ATTENDED));
        monitor.read(TopologyFixture.BOARD);

        monitor.advanceTo(at("1H").plus(Duration.ofDays(32)).plusSeconds(1));
        assertThat(monitor.read(TopologyFixture.BOARD)).singleElement()
                .satisfies(record -> assertThat(record.value()).as("a tombstone").isNull());
        assertThat(clocksOf("r1", monitor.now())).isEmpty();

        Instant evicted = at("1H").plus(TopologyFixture.HORIZON).plusSeconds(1);
        monitor.advanceTo(evicted);
        // A correction within the horizon would still count; this one comes after the referral left.
        monitor.send(visit("r1", at("1H30M"), VisitOutcome.ATTENDED));
        monitor.send(new Fact.Cancelled("r1", evicted));

        List<TestRecord<String, byte[]>> late = monitor.read(TopologyFixture.LATE_EVENTS);
        assertThat(late).hasSize(2);
        assertThat(header(late.get(0), DeadLetter.REASON)).contains("left the monitor's state");
        assertThat(header(late.get(0), DeadLetter.TOPIC)).isEqualTo(Topics.VISITS);
        assertThat(header(late.get(0), DeadLetter.EVENT_TYPE)).isEqualTo(VisitRecorded.TYPE);
        assertThat(header(late.get(1), DeadLetter.TOPIC)).isEqualTo(Topics.REFERRALS);
        assertThat(late).as("a pointer to each event, never a copy").allSatisfy(r -> assertThat(r.value()).isNull());
        assertThat(monitor.lateEventsCounted).hasValue(2);
        assertThat(clocksOf("r1", monitor.now())).isEmpty();
    }

    @Test
    void anEventDatedBeforeTheHorizonOfAReferralNeverSeenIsLate() {
        Instant now = T0.plus(Duration.ofDays(200));
        monitor.advanceTo(now);
        monitor.send(new Fact.Decided("old", 2, now.minus(Duration.ofHours(1)), T0, EIGHTEEN_WEEK));

        assertThat(monitor.read(TopologyFixture.LATE_EVENTS)).singleElement()
                .satisfies(record -> assertThat(header(record, DeadLetter.REASON)).contains("before the lateness horizon"));
        assertThat(clocksOf("old", now)).isEmpty();
    }

    @Test
    void aPendingClockAndAReferralAwaitingTriageNeverLeaveTheState() {
        monitor.send(referral("pending", T0, EIGHTEEN_WEEK, HUB));
        monitor.send(new Fact.Received("untriaged", T0));

        Instant later = T0.plus(Duration.ofDays(100));
        TargetReport.Targets report = monitor.report(later);

        assertThat(report.awaitingTriage().count()).isEqualTo(1);
        assertThat(report.awaitingTriage().oldestReceivedAt()).isEqualTo(T0);
        assertThat(clocksOf("pending", later)).hasSize(1);
        monitor.send(new Fact.Decided("untriaged", 1, later, T0, null));
        assertThat(monitor.read(TopologyFixture.LATE_EVENTS)).isEmpty();
    }

    @Test
    void anUnreadableRecordGoesToItsDeadLetterTopicWithItsReasonAndTheNextIsCounted() {
        monitor.sendRaw(Topics.VISITS, id("poison"), "e1", VisitRecorded.TYPE, "{not json".getBytes(UTF_8));
        monitor.sendRaw(Topics.REFERRALS, id("secret"), "e2", "uk.nhs.homefirst.Mystery.v9",
                "{\"nhsNumber\":\"9990000018\"}".getBytes(UTF_8));
        monitor.sendEvent(Topics.VISITS, id("wrong-key"), id("e3"), VisitRecorded.TYPE, new VisitRecorded(id("v1"),
                id("r9"), HUB, T0, T0, VisitOutcome.ATTENDED));
        monitor.send(referral("good", T0, TWO_HOUR, HUB));
        monitor.send(visit("good", at("10M"), VisitOutcome.ATTENDED));

        List<TestRecord<String, byte[]>> visits = monitor.read(Topics.VISITS_DLQ);
        assertThat(visits).hasSize(2);
        assertThat(header(visits.get(0), DeadLetter.REASON)).contains("not valid JSON");
        assertThat(header(visits.get(0), DeadLetter.TOPIC)).isEqualTo(Topics.VISITS);
        assertThat(header(visits.get(0), DeadLetter.EVENT_ID)).isEqualTo(id("e1"));
        assertThat(header(visits.get(0), DeadLetter.CONSUMER)).isEqualTo("target-monitor-service");
        assertThat(header(visits.get(1), DeadLetter.REASON)).contains("is not the record key");
        assertThat(monitor.read(Topics.REFERRALS_DLQ)).singleElement().satisfies(record -> {
            assertThat(header(record, DeadLetter.REASON)).contains("not an event type of the contract");
            assertThat(record.value()).as("no copy of a referrals record").isNull();
        });
        assertThat(visits).as("nor of any other").allSatisfy(r -> assertThat(r.value()).isNull());
        assertThat(day(HUB, TWO_HOUR, at("1H")).met()).isEqualTo(1);
    }
}
