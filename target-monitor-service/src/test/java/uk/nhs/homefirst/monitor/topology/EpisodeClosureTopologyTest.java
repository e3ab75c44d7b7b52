package uk.nhs.homefirst.monitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import uk.nhs.homefirst.monitor.clock.ExclusionReason;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.window.TargetReport;

/**
 * EpisodeClosed through the topology, as hub-allocation-service announces it on allocations: a
 * clock still open at the closure is excluded as by a cancellation, a met or breached one stays, and
 * so whatever order the events arrive in, and however often.
 */
class EpisodeClosureTopologyTest {

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

    static Fact.Visited attended(String referral, String visit, Instant at) {
        return new Fact.Visited(referral, visit, at, VisitOutcome.ATTENDED);
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

    long announced(String type) {
        return monitor.read(Topics.TARGET_ALERTS).stream()
                .filter(r -> type.equals(TopologyFixture.header(r, CloudEventHeaders.TYPE))).count();
    }

    @Test
    void aClosureBeforeTheDeadlineExcludesTheOpenClockAndOneAfterItLeavesTheBreach() {
        monitor.send(referral("early"));
        monitor.send(new Fact.EpisodeClosed("early", at("1H")));
        monitor.send(referral("late"));
        monitor.send(new Fact.EpisodeClosed("late", at("2H30M")));

        TargetReport.WindowTargets day = day(at("3H"));
        assertThat(day.excluded()).isEqualTo(1);
        assertThat(day.breached()).isEqualTo(1);
        ResponseClock early = clockOf("early", at("3H"));
        assertThat(early.status(at("3H"))).isEqualTo(ClockStatus.EXCLUDED);
        assertThat(early.exclusionReason()).isEqualTo(ExclusionReason.EPISODE_CLOSED);
        assertThat(early.resolvedAt(at("3H"))).isEqualTo(at("1H"));
        assertThat(clockOf("late", at("3H")).status(at("3H"))).isEqualTo(ClockStatus.BREACHED);
    }

    @Test
    void aClosedEpisodesClockIsNeitherAnnouncedAtRiskNorBreachedAndAMetClockStaysMet() {
        monitor.send(referral("closed"));
        monitor.send(new Fact.EpisodeClosed("closed", at("1H")));
        monitor.send(referral("met"));
        monitor.send(attended("met", "v1", at("1H")));
        monitor.send(new Fact.EpisodeClosed("met", at("1H10M")));

        monitor.advanceTo(at("3H"));
        assertThat(announced(ResponseAtRisk.TYPE)).isZero();
        assertThat(announced(ResponseBreached.TYPE)).isZero();
        assertThat(clockOf("met", at("3H")).status(at("3H"))).isEqualTo(ClockStatus.MET);
        assertThat(day(at("3H")).met()).isEqualTo(1);
        assertThat(day(at("3H")).excluded()).isEqualTo(1);
    }

    @Test
    void aClosureArrivingBeforeTheReferralAndTheVisitGivesWhatTheBusinessTimesSay() {
        // The closure first, then the referral; then a visit made before the closure, recorded late.
        monitor.send(new Fact.EpisodeClosed("seen", at("1H")));
        monitor.send(referral("seen"));
        assertThat(clockOf("seen", at("1H")).status(at("1H"))).isEqualTo(ClockStatus.EXCLUDED);
        monitor.send(attended("seen", "v1", at("40M")));
        assertThat(clockOf("seen", at("1H")).status(at("1H"))).as("the visit came before the closure")
                .isEqualTo(ClockStatus.MET);

        // A visit after the closure stops nothing.
        monitor.send(new Fact.EpisodeClosed("after", at("1H")));
        monitor.send(referral("after"));
        monitor.send(attended("after", "v2", at("1H30M")));
        assertThat(clockOf("after", at("3H")).status(at("3H"))).isEqualTo(ClockStatus.EXCLUDED);
        java.util.Map<String, Instant> awaitingTriage = monitor.board.read(at("3H"), b -> b.awaitingTriage());
        assertThat(awaitingTriage).as("a closed referral awaits no triage").isEmpty();
    }

    @Test
    void aClosureDeliveredTwiceOrSentAgainLaterChangesNothing() {
        monitor.send(referral("r1"));
        monitor.send(new Fact.EpisodeClosed("r1", at("1H")), "close-1");
        monitor.send(new Fact.EpisodeClosed("r1", at("1H")), "close-1");
        monitor.send(new Fact.EpisodeClosed("r1", at("2H30M")), "close-2");

        ResponseClock clock = clockOf("r1", at("3H"));
        assertThat(clock.status(at("3H"))).isEqualTo(ClockStatus.EXCLUDED);
        assertThat(clock.resolvedAt(at("3H"))).as("the earlier closure stands").isEqualTo(at("1H"));
        assertThat(day(at("3H")).excluded()).isEqualTo(1);
        assertThat(day(at("3H")).breached()).isZero();
        assertThat(announced(ResponseBreached.TYPE)).isZero();
    }

    @Test
    void aReferralSentBackToItsLduIsPassedOverNotDeadLetteredAndItsClockRunsOn() {
        monitor.send(referral("sent-back"));
        String id = TopologyFixture.id("sent-back");
        monitor.sendEvent(Topics.ALLOCATIONS, id, TopologyFixture.id("send-back-1"),
                uk.nhs.homefirst.events.ReferralSentBack.TYPE, new uk.nhs.homefirst.events.ReferralSentBack(id,
                        TopologyFixture.id("sb-1"), HUB, 1, uk.nhs.homefirst.events.SendBackReason.WRONG_PATHWAY,
                        at("30M"), "staff-1", "county-and-rutland"));

        assertThat(monitor.read(Topics.ALLOCATIONS_DLQ)).isEmpty();
        ResponseClock clock = clockOf("sent-back", at("1H"));
        assertThat(clock.status(at("1H"))).isEqualTo(ClockStatus.PENDING);
        monitor.send(attended("sent-back", "v1", at("1H")));
        assertThat(clockOf("sent-back", at("1H30M")).status(at("1H30M"))).isEqualTo(ClockStatus.MET);
    }
}
