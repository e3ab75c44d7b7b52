package uk.nhs.homefirst.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_DAY;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ReferralHistory;
import uk.nhs.homefirst.monitor.clock.ResponseClocks;
import uk.nhs.homefirst.monitor.clock.ResponseClock;

class ClockBoardTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final String HUB = "charnwood-nwl";
    static final Duration MARGIN = Duration.ofMinutes(30);
    static final TargetReport.Settings SETTINGS = new TargetReport.Settings(
            Map.of(TWO_HOUR, MARGIN, TWO_DAY, Duration.ofHours(12)), List.of(HUB, "melton-rutland"),
            ZoneId.of("Europe/London"));

    /** The clock rules and the board joined directly, without the topology between them. */
    static final class Monitor {
        final java.util.Map<String, ReferralHistory> histories = new java.util.HashMap<>();
        final TargetBoard board = new TargetBoard();

        void apply(Fact fact) {
            ReferralHistory history = histories.computeIfAbsent(fact.referralId(), ReferralHistory::new);
            history.add(fact);
            board.update(fact.referralId(), ResponseClocks.evaluate(history, ClockRules.defaults()));
        }

        <T> T read(Instant now, java.util.function.Function<ClockBoard, T> query) {
            return board.read(now, query);
        }
    }

    final Monitor monitor = new Monitor();

    void referral(String id, Instant receivedAt, ResponseStandard standard, String hub, Instant attendedAt) {
        monitor.apply(new Fact.Received(id, receivedAt));
        monitor.apply(new Fact.Decided(id, 1, receivedAt.plusSeconds(60), receivedAt, standard));
        if (hub != null) {
            monitor.apply(new Fact.Allocated(id, 1, receivedAt.plusSeconds(120), hub, AllocationMethod.POSTCODE_DISTRICT));
        }
        if (attendedAt != null) {
            monitor.apply(new Fact.Visited(id, "visit-" + id, attendedAt, VisitOutcome.ATTENDED));
        }
    }

    <T> T read(Instant now, java.util.function.Function<ClockBoard, T> query) {
        return monitor.read(now, query);
    }

    WindowCounts counts(Instant now, String hub, ResponseStandard standard, TargetWindow window) {
        return monitor.read(now, board -> board.counts(hub, standard, window.from(now, SETTINGS.zone()), MARGIN));
    }

    @Test
    void theIssuesScenarioOneBreachOneMetIsFiftyPercent() {
        Instant now = T0.plus(Duration.ofHours(3));
        referral("breached", T0, TWO_HOUR, HUB, null);
        referral("met", T0, TWO_HOUR, HUB, T0.plus(Duration.ofMinutes(90)));

        WindowCounts counts = counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS);

        assertThat(counts).isEqualTo(new WindowCounts(1, 1, 0, 0, 0));
        assertThat(counts.percentage()).isEqualByComparingTo(new BigDecimal("50.0"));
    }

    @Test
    void aClockBreachesAtItsDeadlineWithoutAnyEvent() {
        referral("r", T0, TWO_HOUR, HUB, null);

        assertThat(counts(T0.plus(Duration.ofHours(2)).minusMillis(1), HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS))
                .isEqualTo(new WindowCounts(0, 0, 0, 1, 1));
        assertThat(counts(T0.plus(Duration.ofHours(2)), HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS))
                .isEqualTo(new WindowCounts(0, 1, 0, 0, 0));
    }

    @Test
    void aLateAttendedVisitMovesABreachToMet() {
        referral("r", T0, TWO_HOUR, HUB, null);
        Instant now = T0.plus(Duration.ofHours(5));
        assertThat(counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS).breached()).isEqualTo(1);

        monitor.apply(new Fact.Visited("r", "late-record", T0.plus(Duration.ofHours(1)), VisitOutcome.ATTENDED));

        assertThat(counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS)).isEqualTo(new WindowCounts(1, 0, 0, 0, 0));
    }

    @Test
    void atRiskMeansLessThanTheMarginLeft() {
        referral("r", T0, TWO_HOUR, HUB, null);
        assertThat(counts(T0.plus(Duration.ofMinutes(90)), HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS).atRisk()).isZero();
        assertThat(counts(T0.plus(Duration.ofMinutes(90)).plusMillis(1), HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS)
                .atRisk()).isEqualTo(1);
    }

    @Test
    void windowsCountClocksByWhenTheyResolved() {
        Instant now = T0.plus(Duration.ofDays(10));
        referral("yesterday", now.minus(Duration.ofHours(20)), TWO_HOUR, HUB, now.minus(Duration.ofHours(19)));
        referral("last-week", now.minus(Duration.ofDays(5)), TWO_HOUR, HUB, null);
        referral("three-weeks", now.minus(Duration.ofDays(21)), TWO_HOUR, HUB, now.minus(Duration.ofDays(21)).plusSeconds(600));
        referral("too-old", now.minus(Duration.ofDays(29)), TWO_HOUR, HUB, null);

        assertThat(counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS)).isEqualTo(new WindowCounts(1, 0, 0, 0, 0));
        assertThat(counts(now, HUB, TWO_HOUR, TargetWindow.LAST_7_DAYS)).isEqualTo(new WindowCounts(1, 1, 0, 0, 0));
        assertThat(counts(now, HUB, TWO_HOUR, TargetWindow.LAST_28_DAYS)).isEqualTo(new WindowCounts(2, 1, 0, 0, 0));
    }

    @Test
    void aClockResolvedExactly24HoursAgoIsOutsideTheWindow() {
        Instant now = T0.plus(Duration.ofDays(2));
        referral("edge", now.minus(Duration.ofHours(25)), TWO_HOUR, HUB, now.minus(Duration.ofHours(24)));
        assertThat(counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS).met()).isZero();
        assertThat(counts(now.minusMillis(1), HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS).met()).isEqualTo(1);
    }

    @Test
    void windowEdgesAreExactBelowTheMillisecond() {
        Instant met = Instant.parse("2026-11-23T09:00:00.000600Z");
        referral("sub-ms", met.minus(Duration.ofMinutes(30)), TWO_HOUR, HUB, met);
        Instant justInside = met.plus(Duration.ofHours(24)).minusNanos(300_000);
        assertThat(counts(justInside, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS).met()).isEqualTo(1);
        assertThat(counts(met.plus(Duration.ofHours(24)), HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS).met()).isZero();
    }

    @Test
    void theMonthStartsAtMidnightLondonTime() {
        // 1 July 2026 00:00 in London is 30 June 23:00 UTC (British Summer Time).
        Instant monthStart = Instant.parse("2026-06-30T23:00:00Z");
        Instant now = Instant.parse("2026-07-01T10:00:00Z");
        assertThat(TargetWindow.MONTH_TO_DATE.from(now, ZoneId.of("Europe/London"))).isEqualTo(monthStart.minusNanos(1));

        referral("june", monthStart.minus(Duration.ofMinutes(150)), TWO_HOUR, HUB, monthStart.minusSeconds(1));
        referral("july", monthStart.minus(Duration.ofMinutes(30)), TWO_HOUR, HUB, monthStart);

        WindowCounts month = counts(now, HUB, TWO_HOUR, TargetWindow.MONTH_TO_DATE);
        assertThat(month.met()).isEqualTo(1);
    }

    @Test
    void excludedClocksAreCountedButNeverInThePercentage() {
        Instant now = T0.plus(Duration.ofHours(5));
        referral("met", T0, TWO_HOUR, HUB, T0.plus(Duration.ofHours(1)));
        referral("cancelled", T0, TWO_HOUR, HUB, null);
        monitor.apply(new Fact.Cancelled("cancelled", T0.plus(Duration.ofMinutes(30))));

        WindowCounts counts = counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS);
        assertThat(counts).isEqualTo(new WindowCounts(1, 0, 1, 0, 0));
        assertThat(counts.percentage()).isEqualByComparingTo("100.0");
    }

    @Test
    void withNothingResolvedThePercentageIsNull() {
        referral("pending", T0, TWO_DAY, HUB, null);
        assertThat(counts(T0.plus(Duration.ofHours(1)), HUB, TWO_DAY, TargetWindow.LAST_24_HOURS).percentage()).isNull();
    }

    @Test
    void percentagesAreRoundedHalfUpToOneDecimal() {
        assertThat(new WindowCounts(2, 1, 0, 0, 0).percentage()).isEqualByComparingTo("66.7");
        assertThat(new WindowCounts(1, 2, 0, 0, 0).percentage()).isEqualByComparingTo("33.3");
        assertThat(new WindowCounts(7, 1, 0, 0, 0).percentage()).isEqualByComparingTo("87.5");
        assertThat(new WindowCounts(0, 3, 0, 0, 0).percentage()).isEqualByComparingTo("0.0");
    }

    @Test
    void aReallocatedPendingClockMovesToTheNewHub() {
        referral("r", T0, TWO_DAY, HUB, null);
        monitor.apply(new Fact.Allocated("r", 2, T0.plus(Duration.ofHours(1)), "melton-rutland", AllocationMethod.MANUAL));
        Instant now = T0.plus(Duration.ofHours(2));
        assertThat(counts(now, HUB, TWO_DAY, TargetWindow.LAST_24_HOURS).pending()).isZero();
        assertThat(counts(now, "melton-rutland", TWO_DAY, TargetWindow.LAST_24_HOURS).pending()).isEqualTo(1);
    }

    @Test
    void theReportListsConfiguredHubsUnallocatedAndReferralsAwaitingTriage() {
        monitor.apply(new Fact.Received("untriaged", T0));
        referral("nobody-took-it", T0, TWO_HOUR, null, null);
        Instant now = T0.plus(Duration.ofHours(3));

        TargetReport.Targets report = monitor.read(now, board -> TargetReport.all(board, SETTINGS));

        assertThat(report.hubs()).extracting(TargetReport.HubTargets::hubId)
                .containsExactly(HUB, "melton-rutland", ResponseClock.UNALLOCATED);
        assertThat(report.awaitingTriage().count()).isEqualTo(1);
        assertThat(report.awaitingTriage().oldestReceivedAt()).isEqualTo(T0);
        TargetReport.WindowTargets unallocated = report.hubs().get(2).standards().get(0).windows().get(0);
        assertThat(unallocated.breached()).isEqualTo(1);
        assertThat(unallocated.percentage()).isEqualByComparingTo("0.0");
        TargetReport.WindowTargets empty = report.hubs().get(1).standards().get(0).windows().get(0);
        assertThat(empty.percentage()).isNull();
    }

    @Test
    void oneHubListsItsClocksAtRiskWithTheTimeLeft() {
        referral("r", T0, TWO_HOUR, HUB, null);
        Instant now = T0.plus(Duration.ofMinutes(100));

        TargetReport.HubTargets hub = monitor.read(now, board -> TargetReport.hub(board, SETTINGS, HUB, true));

        assertThat(hub.atRisk()).singleElement().satisfies(clock -> {
            assertThat(clock.referralId()).isEqualTo("r");
            assertThat(clock.timeLeft()).isEqualTo(Duration.ofMinutes(20));
        });
    }

    @Test
    void aClockDeliveredAfterItsDeadlineIsABreachAtOnceAndCountsAsIfItHadWaited() {
        Instant received = Instant.parse("2026-11-23T08:00:00Z");
        Instant now = received.plus(Duration.ofHours(3));
        ReferralHistory history = new ReferralHistory("late");
        List.of(new Fact.Received("late", received),
                new Fact.Decided("late", 1, received.plusSeconds(60), received, TWO_HOUR),
                new Fact.Allocated("late", 1, received.plusSeconds(120), HUB, AllocationMethod.POSTCODE_DISTRICT))
                .forEach(history::add);
        var evaluation = ResponseClocks.evaluate(history, ClockRules.defaults());

        TargetBoard deliveredNow = new TargetBoard();
        deliveredNow.read(now, board -> board);
        deliveredNow.update("late", evaluation);
        TargetBoard deliveredBefore = new TargetBoard();
        deliveredBefore.update("late", evaluation);

        assertThat(deliveredNow.read(now, ClockBoard::pendingCount)).isZero();
        WindowCounts counts = deliveredNow.read(now, board -> board.counts(HUB, TWO_HOUR, received, MARGIN));
        assertThat(counts.breached()).isEqualTo(1);
        assertThat(counts).isEqualTo(deliveredBefore.read(now, board -> board.counts(HUB, TWO_HOUR, received, MARGIN)));
    }

    @Test
    void theClocksBehindAFigureAreTheOnesItCounts() {
        Instant now = T0.plus(Duration.ofHours(5));
        referral("met", T0, TWO_HOUR, HUB, T0.plus(Duration.ofHours(1)));
        referral("breached", T0, TWO_HOUR, HUB, null);
        referral("elsewhere", T0, TWO_HOUR, "melton-rutland", null);
        referral("cancelled", T0, TWO_HOUR, HUB, null);
        monitor.apply(new Fact.Cancelled("cancelled", T0.plus(Duration.ofMinutes(30))));
        referral("pending", now.minus(Duration.ofMinutes(100)), TWO_HOUR, HUB, null);
        referral("two-day", T0, TWO_DAY, HUB, null);

        Instant from = TargetWindow.LAST_24_HOURS.from(now, SETTINGS.zone());
        assertThat(this.<List<ResponseClock>>read(now, board -> board.clocks(HUB, TWO_HOUR, ClockStatus.MET, from)))
                .extracting(ResponseClock::referralId).containsExactly("met");
        assertThat(this.<List<ResponseClock>>read(now, board -> board.clocks(HUB, TWO_HOUR, ClockStatus.BREACHED, from)))
                .extracting(ResponseClock::referralId).containsExactly("breached");
        assertThat(this.<List<ResponseClock>>read(now, board -> board.clocks(HUB, TWO_HOUR, ClockStatus.EXCLUDED, from)))
                .extracting(ResponseClock::referralId).containsExactly("cancelled");
        assertThat(this.<List<ResponseClock>>read(now, board -> board.clocks(HUB, TWO_HOUR, ClockStatus.PENDING, from)))
                .extracting(ResponseClock::referralId).containsExactly("pending");
        // Each list is as long as its count.
        WindowCounts counts = counts(now, HUB, TWO_HOUR, TargetWindow.LAST_24_HOURS);
        assertThat(counts).isEqualTo(new WindowCounts(1, 1, 1, 1, 1));
    }

    @Test
    void atRiskAcrossHubsIsEachStandardsMarginLeastTimeLeftFirst() {
        Instant now = T0.plus(Duration.ofDays(1));
        referral("two-hour-20m-left", now.minus(Duration.ofMinutes(100)), TWO_HOUR, HUB, null);
        referral("two-hour-10m-left", now.minus(Duration.ofMinutes(110)), TWO_HOUR, "melton-rutland", null);
        referral("two-hour-1h-left", now.minus(Duration.ofMinutes(60)), TWO_HOUR, HUB, null);
        referral("two-day-11h-left", now.minus(Duration.ofHours(37)), TWO_DAY, HUB, null);
        referral("two-day-13h-left", now.minus(Duration.ofHours(35)), TWO_DAY, HUB, null);

        assertThat(this.<List<ResponseClock>>read(now, board -> board.atRisk(SETTINGS.atRiskMargins())))
                .extracting(ResponseClock::referralId)
                .containsExactly("two-hour-10m-left", "two-hour-20m-left", "two-day-11h-left");
    }
}
