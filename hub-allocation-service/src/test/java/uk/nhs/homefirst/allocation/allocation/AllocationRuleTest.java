package uk.nhs.homefirst.allocation.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import uk.nhs.homefirst.events.Pathway;

class AllocationRuleTest {

    /** The LLR hubs as seeded. */
    static final HubCoverage LLR = HubCoverage.of(Map.of(
            "city-north-west", List.of("LE1", "LE3", "LE4"),
            "city-south-east", List.of("LE2", "LE5"),
            "charnwood-nwl", List.of("LE11", "LE12", "LE65", "LE67", "LE7"),
            "hinckley-bosworth", List.of("LE6", "LE9", "LE10"),
            "melton-rutland", List.of("LE13", "LE14", "LE15", "PE9"),
            "south-leicestershire", List.of("LE8", "LE16", "LE17", "LE18", "LE19")));

    @ParameterizedTest
    @CsvSource({
            "LE1, city-north-west", "LE3, city-north-west", "LE4, city-north-west",
            "LE2, city-south-east", "LE5, city-south-east",
            "LE11, charnwood-nwl", "LE12, charnwood-nwl", "LE65, charnwood-nwl", "LE67, charnwood-nwl",
            "LE7, charnwood-nwl",
            "LE6, hinckley-bosworth", "LE9, hinckley-bosworth", "LE10, hinckley-bosworth",
            "LE13, melton-rutland", "LE14, melton-rutland", "LE15, melton-rutland", "PE9, melton-rutland",
            "LE8, south-leicestershire", "LE16, south-leicestershire", "LE17, south-leicestershire",
            "LE18, south-leicestershire", "LE19, south-leicestershire"})
    void everySeededDistrictGoesToItsHub(String district, String hub) {
        assertThat(AllocationRule.byDistrict(Pathway.URGENT_CRISIS_RESPONSE, district, LLR))
                .isEqualTo(new AllocationDecision.ToHub(hub));
    }

    @Test
    void aDistrictIsMatchedWholeNotByPrefix() {
        // LE1 is city-north-west, LE11 is charnwood-nwl, LE111 is no district at all.
        assertThat(LLR.hubFor("LE1")).contains("city-north-west");
        assertThat(LLR.hubFor("LE11")).contains("charnwood-nwl");
        assertThat(LLR.hubFor("LE111")).isEmpty();
    }

    @Test
    void aDistrictIsMatchedWhateverItsCaseAndSurroundingSpaces() {
        assertThat(AllocationRule.byDistrict(Pathway.HOME_FIRST_REABLEMENT, " le11 ", LLR))
                .isEqualTo(new AllocationDecision.ToHub("charnwood-nwl"));
    }

    @ParameterizedTest
    @EnumSource(value = Pathway.class, names = "NOT_ACCEPTED", mode = EnumSource.Mode.EXCLUDE)
    void everyPathwayButNotAcceptedSendsAHub(Pathway pathway) {
        assertThat(AllocationRule.visitsPatients(pathway)).isTrue();
        assertThat(AllocationRule.byDistrict(pathway, "LE11", LLR)).isEqualTo(new AllocationDecision.ToHub("charnwood-nwl"));
    }

    @Test
    void aReferralNotAcceptedIsNotAllocatedEvenInACoveredDistrict() {
        assertThat(AllocationRule.visitsPatients(Pathway.NOT_ACCEPTED)).isFalse();
        assertThat(AllocationRule.visitsPatients(null)).isFalse();
        assertThat(AllocationRule.byDistrict(Pathway.NOT_ACCEPTED, "LE11", LLR))
                .isEqualTo(new AllocationDecision.NotForHubs());
    }

    @ParameterizedTest
    @CsvSource(value = {"NG1", "CV21", "DE1", "null", "''", "not a district"}, nullValues = "null")
    void aDistrictNoHubCoversLeavesTheReferralUnallocated(String district) {
        assertThat(AllocationRule.byDistrict(Pathway.URGENT_CRISIS_RESPONSE, district, LLR))
                .isEqualTo(new AllocationDecision.NoCoveringHub(district));
    }

    @Test
    void theFirstDecisionOfAReferralAllocatesIt() {
        assertThat(AllocationRule.onDecision(null, null, decision(1, Pathway.URGENT_CRISIS_RESPONSE, "LE11"), LLR))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.ToHub("charnwood-nwl")));
    }

    @Test
    void aReTriageKeepsTheHubEvenWhenTheDistrictWouldSendItElsewhere() {
        TriageEffect effect = AllocationRule.onDecision(1, "charnwood-nwl",
                decision(2, Pathway.HOME_FIRST_REABLEMENT, "LE2"), LLR);
        assertThat(effect).isEqualTo(new TriageEffect.Apply(new AllocationDecision.KeepHub("charnwood-nwl")));
    }

    @Test
    void aReTriageToNotAcceptedKeepsTheHubOnRecord() {
        assertThat(AllocationRule.onDecision(1, "charnwood-nwl", decision(2, Pathway.NOT_ACCEPTED, "LE11"), LLR))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.KeepHub("charnwood-nwl")));
    }

    @Test
    void aReferralFirstNotAcceptedIsAllocatedByTheFirstDecisionThatNeedsAHub() {
        assertThat(AllocationRule.onDecision(null, null, decision(1, Pathway.NOT_ACCEPTED, "LE5"), LLR))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.NotForHubs()));
        assertThat(AllocationRule.onDecision(1, null, decision(2, Pathway.END_OF_LIFE, "LE5"), LLR))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.ToHub("city-south-east")));
    }

    @Test
    void anUnallocatedReferralIsTriedAgainOnItsNextDecision() {
        HubCoverage withNottingham = HubCoverage.of(Map.of("city-north-west", List.of("LE1", "NG1")));
        assertThat(AllocationRule.onDecision(1, null, decision(2, Pathway.URGENT_CRISIS_RESPONSE, "NG1"), withNottingham))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.ToHub("city-north-west")));
    }

    @Test
    void anOlderOrRepeatedDecisionChangesNothing() {
        assertThat(AllocationRule.onDecision(3, "charnwood-nwl", decision(2, Pathway.URGENT_CRISIS_RESPONSE, "LE1"), LLR))
                .isEqualTo(new TriageEffect.Stale(3));
        assertThat(AllocationRule.onDecision(3, null, decision(3, Pathway.URGENT_CRISIS_RESPONSE, "LE1"), LLR))
                .isEqualTo(new TriageEffect.Stale(3));
        assertThat(AllocationRule.onDecision(2, null, decision(1, Pathway.URGENT_CRISIS_RESPONSE, "LE1"), LLR))
                .isEqualTo(new TriageEffect.Stale(2));
    }

    @Test
    void aNewerDecisionArrivingFirstAllocatesAndTheOlderOneThenIsStale() {
        assertThat(AllocationRule.onDecision(null, null, decision(2, Pathway.HOME_FIRST_REABLEMENT, "LE9"), LLR))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.ToHub("hinckley-bosworth")));
        assertThat(AllocationRule.onDecision(2, "hinckley-bosworth", decision(1, Pathway.URGENT_CRISIS_RESPONSE, "LE9"), LLR))
                .isInstanceOf(TriageEffect.Stale.class);
    }

    @Test
    void coverageRefusesADistrictInTwoHubsAndDistrictsOfTheWrongForm() {
        assertThatThrownBy(() -> HubCoverage.of(Map.of("a", List.of("LE1"), "b", List.of("LE1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LE1");
        assertThatThrownBy(() -> HubCoverage.of(Map.of("a", List.of("Leicester"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRuleCoversEveryPathway() {
        for (Pathway pathway : EnumSet.allOf(Pathway.class)) {
            AllocationDecision decision = AllocationRule.byDistrict(pathway, "LE11", LLR);
            assertThat(decision).isEqualTo(pathway == Pathway.NOT_ACCEPTED
                    ? new AllocationDecision.NotForHubs()
                    : new AllocationDecision.ToHub("charnwood-nwl"));
        }
    }

    /** LLR's hubs with two listed practices: a Melton practice, and a City one. */
    static final HubCoverage WITH_PRACTICES = LLR.withPractices(Map.of("C82010", "melton-rutland",
            "C82020", "city-north-west"));

    @Test
    void theGpPracticeDecidesTheHomeHubBeforeTheDistrict() {
        assertThat(AllocationRule.byLocality(Pathway.URGENT_CRISIS_RESPONSE, "C82010", "LE1", WITH_PRACTICES,
                Capacity.UNLIMITED)).isEqualTo(new AllocationDecision.ToHub("melton-rutland", AllocationReason.HOME_HUB,
                List.of(), LocalityBasis.GP_PRACTICE));
        // A patient living over the border (a district no hub covers), registered with an LLR practice.
        assertThat(AllocationRule.byLocality(Pathway.URGENT_CRISIS_RESPONSE, " c82020 ", "NG1", WITH_PRACTICES,
                Capacity.UNLIMITED)).isEqualTo(new AllocationDecision.ToHub("city-north-west", AllocationReason.HOME_HUB,
                List.of(), LocalityBasis.GP_PRACTICE));
        assertThat(AllocationRule.onDecision(null, null,
                new TriageDecision(1, Pathway.HOME_FIRST_REABLEMENT, "LE11", "C82010"), WITH_PRACTICES))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.ToHub("melton-rutland", AllocationReason.HOME_HUB,
                        List.of(), LocalityBasis.GP_PRACTICE)));
    }

    @ParameterizedTest
    @CsvSource(value = {"C82099", "null", "''", "RWE"}, nullValues = "null")
    void aPracticeNotListedFallsBackToTheDistrict(String practice) {
        assertThat(AllocationRule.byLocality(Pathway.URGENT_CRISIS_RESPONSE, practice, "LE11", WITH_PRACTICES,
                Capacity.UNLIMITED)).isEqualTo(new AllocationDecision.ToHub("charnwood-nwl", AllocationReason.HOME_HUB,
                List.of(), LocalityBasis.POSTCODE_DISTRICT));
        assertThat(AllocationRule.byLocality(Pathway.URGENT_CRISIS_RESPONSE, practice, "NG1", WITH_PRACTICES,
                Capacity.UNLIMITED)).isEqualTo(new AllocationDecision.NoCoveringHub("NG1"));
    }

    @Test
    void aReTriageKeepsTheHubWhateverThePracticeSays() {
        assertThat(AllocationRule.onDecision(1, "charnwood-nwl",
                new TriageDecision(2, Pathway.HOME_FIRST_REABLEMENT, "LE11", "C82010"), WITH_PRACTICES))
                .isEqualTo(new TriageEffect.Apply(new AllocationDecision.KeepHub("charnwood-nwl")));
    }

    @Test
    void aFullPracticeHubOverflowsByItsOwnOrderAndKeepsThePracticeAsTheBasis() {
        Capacity meltonFull = new Capacity() {
            @Override
            public boolean hasRoom(String hubId, Pathway pathway) {
                return !hubId.equals("melton-rutland");
            }

            @Override
            public List<String> overflowOrder(String hubId) {
                return hubId.equals("melton-rutland") ? List.of("charnwood-nwl") : List.of("melton-rutland");
            }
        };
        assertThat(AllocationRule.byLocality(Pathway.URGENT_CRISIS_RESPONSE, "C82010", "LE1", WITH_PRACTICES, meltonFull))
                .isEqualTo(new AllocationDecision.ToHub("charnwood-nwl", AllocationReason.OVERFLOW,
                        List.of("melton-rutland"), LocalityBasis.GP_PRACTICE));
    }

    private static TriageDecision decision(int number, Pathway pathway, String district) {
        return new TriageDecision(number, pathway, PostcodeDistrict.normalise(district).orElse(null));
    }
}
