package uk.nhs.homefirst.allocation.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;

/** The allocation rule with the hubs' daily capacity and overflow orders. */
class CapacityRuleTest {

    private static final Pathway UCR = Pathway.URGENT_CRISIS_RESPONSE;
    private static final Set<String> HUBS = Set.of("city-north-west", "city-south-east", "charnwood-nwl",
            "hinckley-bosworth", "melton-rutland", "south-leicestershire");
    private static final OverflowOrder OVERFLOW = OverflowOrder.of(Map.of(
            "charnwood-nwl", List.of("city-north-west", "melton-rutland")), HUBS);

    private static DailyCapacity capacity(Map<String, Map<Pathway, Integer>> limits,
            Map<String, Map<Pathway, Integer>> used) {
        return new DailyCapacity(limits, used, OVERFLOW);
    }

    @Test
    void aHomeHubWithRoomTakesTheReferral() {
        DailyCapacity c = capacity(Map.of("charnwood-nwl", Map.of(UCR, 2)), Map.of("charnwood-nwl", Map.of(UCR, 1)));
        assertThat(AllocationRule.byDistrict(UCR, "LE11", AllocationRuleTest.LLR, c))
                .isEqualTo(new AllocationDecision.ToHub("charnwood-nwl", AllocationReason.HOME_HUB, List.of()));
    }

    @Test
    void aFullHomeHubSendsTheReferralToTheNextHubWithRoomInItsOverflowOrder() {
        DailyCapacity c = capacity(
                Map.of("charnwood-nwl", Map.of(UCR, 1), "city-north-west", Map.of(UCR, 0)),
                Map.of("charnwood-nwl", Map.of(UCR, 1)));
        assertThat(AllocationRule.byDistrict(UCR, "LE11", AllocationRuleTest.LLR, c)).isEqualTo(
                new AllocationDecision.ToHub("melton-rutland", AllocationReason.OVERFLOW,
                        List.of("charnwood-nwl", "city-north-west")));
    }

    @Test
    void whenEveryHubOfTheOrderIsFullTheReferralStaysUnallocated() {
        DailyCapacity c = capacity(Map.of("charnwood-nwl", Map.of(UCR, 1), "city-north-west", Map.of(UCR, 1),
                "melton-rutland", Map.of(UCR, 1)), Map.of("charnwood-nwl", Map.of(UCR, 1),
                "city-north-west", Map.of(UCR, 3), "melton-rutland", Map.of(UCR, 1)));
        assertThat(AllocationRule.byDistrict(UCR, "LE11", AllocationRuleTest.LLR, c)).isEqualTo(
                new AllocationDecision.AllHubsFull("charnwood-nwl",
                        List.of("charnwood-nwl", "city-north-west", "melton-rutland")));
    }

    @Test
    void aFullHubWithNoOverflowOrderLeavesTheReferralUnallocated() {
        DailyCapacity c = capacity(Map.of("city-south-east", Map.of(UCR, 0)), Map.of());
        assertThat(AllocationRule.byDistrict(UCR, "LE2", AllocationRuleTest.LLR, c))
                .isEqualTo(new AllocationDecision.AllHubsFull("city-south-east", List.of("city-south-east")));
    }

    @Test
    void noCapacityForAPathwayIsUnlimited() {
        DailyCapacity c = capacity(Map.of("charnwood-nwl", Map.of(Pathway.PLANNED_THERAPY, 0)),
                Map.of("charnwood-nwl", Map.of(UCR, 500)));
        assertThat(c.limit("charnwood-nwl", UCR)).isEmpty();
        assertThat(AllocationRule.byDistrict(UCR, "LE11", AllocationRuleTest.LLR, c))
                .isEqualTo(new AllocationDecision.ToHub("charnwood-nwl"));
        // The limit is per pathway: therapy is full at 0 while crisis response is not.
        assertThat(AllocationRule.byDistrict(Pathway.PLANNED_THERAPY, "LE11", AllocationRuleTest.LLR, c))
                .isEqualTo(new AllocationDecision.ToHub("city-north-west", AllocationReason.OVERFLOW,
                        List.of("charnwood-nwl")));
    }

    @Test
    void anAllocationTakenCountsForTheNextDecisionOfTheBatch() {
        DailyCapacity c = capacity(Map.of("charnwood-nwl", Map.of(UCR, 1)), Map.of());
        assertThat(AllocationRule.byDistrict(UCR, "LE11", AllocationRuleTest.LLR, c))
                .isEqualTo(new AllocationDecision.ToHub("charnwood-nwl"));
        c.take("charnwood-nwl", UCR);
        assertThat(c.used("charnwood-nwl", UCR)).isEqualTo(1);
        assertThat(AllocationRule.byDistrict(UCR, "LE11", AllocationRuleTest.LLR, c)).isEqualTo(
                new AllocationDecision.ToHub("city-north-west", AllocationReason.OVERFLOW, List.of("charnwood-nwl")));
    }

    @Test
    void aReTriageKeepsTheHubWhateverItsCapacity() {
        DailyCapacity c = capacity(Map.of("charnwood-nwl", Map.of(UCR, 0)), Map.of());
        assertThat(AllocationRule.onDecision(1, "charnwood-nwl", new TriageDecision(2, UCR, "LE11"),
                AllocationRuleTest.LLR, c))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.KeepHub("charnwood-nwl")));
    }

    @Test
    void theDayIsTheCalendarDayInLondon() {
        // British Summer Time: 23:30 UTC on 30 June is 00:30 on 1 July in London.
        assertThat(DailyCapacity.dayOf(Instant.parse("2026-06-30T23:30:00Z"))).isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(DailyCapacity.startOf(LocalDate.of(2026, 7, 1))).isEqualTo(Instant.parse("2026-06-30T23:00:00Z"));
        // Greenwich Mean Time in winter.
        assertThat(DailyCapacity.dayOf(Instant.parse("2026-12-07T23:30:00Z"))).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(DailyCapacity.startOf(LocalDate.of(2026, 12, 8))).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        // The day the clocks go forward is 23 hours long.
        assertThat(DailyCapacity.startOf(LocalDate.of(2026, 3, 30)))
                .isEqualTo(DailyCapacity.startOf(LocalDate.of(2026, 3, 29)).plusSeconds(23 * 3600));
    }

    @Test
    void anOverflowOrderNamingAnUnknownHubOrTheHubItselfIsRefused() {
        assertThatThrownBy(() -> OverflowOrder.of(Map.of("charnwood-nwl", List.of("nottingham")), HUBS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nottingham");
        assertThatThrownBy(() -> OverflowOrder.of(Map.of("leicester", List.of("charnwood-nwl")), HUBS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leicester");
        assertThatThrownBy(() -> OverflowOrder.of(Map.of("charnwood-nwl", List.of("charnwood-nwl")), HUBS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> OverflowOrder.of(Map.of("charnwood-nwl", List.of("melton-rutland", "melton-rutland")),
                HUBS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
