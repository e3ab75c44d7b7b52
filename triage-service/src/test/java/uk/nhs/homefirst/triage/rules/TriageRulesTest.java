package uk.nhs.homefirst.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ClinicalNeed.CARER_BREAKDOWN;
import static uk.nhs.homefirst.events.ClinicalNeed.CATHETER_CARE;
import static uk.nhs.homefirst.events.ClinicalNeed.DELIRIUM;
import static uk.nhs.homefirst.events.ClinicalNeed.END_OF_LIFE_CARE;
import static uk.nhs.homefirst.events.ClinicalNeed.FALLS;
import static uk.nhs.homefirst.events.ClinicalNeed.FRAILTY_DECOMPENSATION;
import static uk.nhs.homefirst.events.ClinicalNeed.MEDICATION_SUPPORT;
import static uk.nhs.homefirst.events.ClinicalNeed.PALLIATIVE_CARE;
import static uk.nhs.homefirst.events.ClinicalNeed.REABLEMENT_NEED;
import static uk.nhs.homefirst.events.ClinicalNeed.RESPIRATORY_EXACERBATION;
import static uk.nhs.homefirst.events.ClinicalNeed.STEP_UP_BED;
import static uk.nhs.homefirst.events.ClinicalNeed.THERAPY_NEED;
import static uk.nhs.homefirst.events.ClinicalNeed.WOUND_CARE;
import static uk.nhs.homefirst.events.RequestedUrgency.CRISIS;
import static uk.nhs.homefirst.events.RequestedUrgency.ROUTINE;
import static uk.nhs.homefirst.events.RequestedUrgency.URGENT;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;

class TriageRulesTest {

    private static RuleMatch decide(RequestedUrgency urgency, ClinicalNeed... needs) {
        return TriageRules.decide(urgency, List.of(needs));
    }

    @Nested
    class EachRule {

        @ParameterizedTest
        @EnumSource(RequestedUrgency.class)
        void aStepUpBedNeedIsBedBasedWhateverTheUrgency(RequestedUrgency urgency) {
            assertThat(decide(urgency, STEP_UP_BED))
                    .isEqualTo(new RuleMatch(Pathway.BED_BASED, "STEP_UP_BED_NEEDED"));
        }

        @Test
        void aCrisisIsAnUrgentCrisisResponse() {
            assertThat(decide(CRISIS, WOUND_CARE))
                    .isEqualTo(new RuleMatch(Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED"));
        }

        @ParameterizedTest
        @EnumSource(value = ClinicalNeed.class, names = {"END_OF_LIFE_CARE", "PALLIATIVE_CARE"})
        void endOfLifeOrPalliativeCareIsEndOfLife(ClinicalNeed need) {
            assertThat(decide(ROUTINE, need)).isEqualTo(new RuleMatch(Pathway.END_OF_LIFE, "END_OF_LIFE_CARE_NEEDED"));
            assertThat(decide(URGENT, need)).isEqualTo(new RuleMatch(Pathway.END_OF_LIFE, "END_OF_LIFE_CARE_NEEDED"));
        }

        @Test
        void aReablementNeedIsHomeFirstReablement() {
            assertThat(decide(ROUTINE, REABLEMENT_NEED))
                    .isEqualTo(new RuleMatch(Pathway.HOME_FIRST_REABLEMENT, "REABLEMENT_NEEDED"));
        }

        @ParameterizedTest
        @EnumSource(value = ClinicalNeed.class,
                names = {"FALLS", "FRAILTY_DECOMPENSATION", "DELIRIUM", "RESPIRATORY_EXACERBATION", "CARER_BREAKDOWN"})
        void anUrgentCrisisNeedIsHomeFirstReablementWhenUrgent(ClinicalNeed need) {
            assertThat(decide(URGENT, need))
                    .isEqualTo(new RuleMatch(Pathway.HOME_FIRST_REABLEMENT, "URGENT_CRISIS_NEED"));
        }

        @ParameterizedTest
        @EnumSource(value = ClinicalNeed.class,
                names = {"FALLS", "FRAILTY_DECOMPENSATION", "DELIRIUM", "RESPIRATORY_EXACERBATION", "CARER_BREAKDOWN"})
        void theSameNeedIsNursingWhenRoutine(ClinicalNeed need) {
            assertThat(decide(ROUTINE, need))
                    .isEqualTo(new RuleMatch(Pathway.NEIGHBOURHOOD_NURSING, "NURSING_DEFAULT"));
        }

        @ParameterizedTest
        @EnumSource(value = ClinicalNeed.class, names = {"WOUND_CARE", "CATHETER_CARE", "MEDICATION_SUPPORT"})
        void anUrgentReferralWithoutACrisisNeedIsNotReablement(ClinicalNeed need) {
            assertThat(decide(URGENT, need))
                    .isEqualTo(new RuleMatch(Pathway.NEIGHBOURHOOD_NURSING, "NURSING_DEFAULT"));
        }

        @ParameterizedTest
        @EnumSource(value = RequestedUrgency.class, names = {"URGENT", "ROUTINE"})
        void aTherapyNeedIsPlannedTherapy(RequestedUrgency urgency) {
            assertThat(decide(urgency, THERAPY_NEED))
                    .isEqualTo(new RuleMatch(Pathway.PLANNED_THERAPY, "THERAPY_NEEDED"));
        }

        @Test
        void everythingElseIsNeighbourhoodNursing() {
            assertThat(decide(ROUTINE, WOUND_CARE, CATHETER_CARE, MEDICATION_SUPPORT))
                    .isEqualTo(new RuleMatch(Pathway.NEIGHBOURHOOD_NURSING, "NURSING_DEFAULT"));
        }

        @Test
        void noNeedsAtAllIsDecidedByUrgencyAlone() {
            assertThat(TriageRules.decide(ROUTINE, List.of()).rule()).isEqualTo("NURSING_DEFAULT");
            assertThat(TriageRules.decide(URGENT, null).rule()).isEqualTo("NURSING_DEFAULT");
            assertThat(TriageRules.decide(CRISIS, List.of()).rule()).isEqualTo("CRISIS_REQUESTED");
        }
    }

    @Nested
    class Precedence {

        @Test
        void aStepUpBedOutranksACrisis() {
            assertThat(decide(CRISIS, FALLS, STEP_UP_BED).rule()).isEqualTo("STEP_UP_BED_NEEDED");
        }

        @Test
        void aCrisisOutranksEndOfLife() {
            assertThat(decide(CRISIS, END_OF_LIFE_CARE, PALLIATIVE_CARE).rule()).isEqualTo("CRISIS_REQUESTED");
        }

        @Test
        void endOfLifeOutranksReablement() {
            assertThat(decide(URGENT, REABLEMENT_NEED, PALLIATIVE_CARE, FALLS).rule())
                    .isEqualTo("END_OF_LIFE_CARE_NEEDED");
        }

        @Test
        void aStatedReablementNeedOutranksAnUrgentCrisisNeed() {
            assertThat(decide(URGENT, FALLS, REABLEMENT_NEED).rule()).isEqualTo("REABLEMENT_NEEDED");
        }

        @Test
        void anUrgentCrisisNeedOutranksTherapy() {
            assertThat(decide(URGENT, THERAPY_NEED, DELIRIUM).rule()).isEqualTo("URGENT_CRISIS_NEED");
        }

        @Test
        void reablementOutranksTherapy() {
            assertThat(decide(ROUTINE, THERAPY_NEED, REABLEMENT_NEED).rule()).isEqualTo("REABLEMENT_NEEDED");
        }

        @Test
        void therapyOutranksNursing() {
            assertThat(decide(ROUTINE, WOUND_CARE, THERAPY_NEED).rule()).isEqualTo("THERAPY_NEEDED");
        }

        @Test
        void theOrderOfTheNeedsDoesNotMatter() {
            assertThat(decide(URGENT, THERAPY_NEED, CARER_BREAKDOWN))
                    .isEqualTo(decide(URGENT, CARER_BREAKDOWN, THERAPY_NEED));
        }

        @Test
        void theTableIsInTheOrderOfItsRules() {
            assertThat(TriageRules.BUILT_IN.rows()).extracting(RuleRow::code).containsExactly(
                    "DISCHARGE_TO_A_BED", "STEP_UP_BED_NEEDED", "CRISIS_REQUESTED", "END_OF_LIFE_CARE_NEEDED",
                    "DISCHARGE_HOME_WITH_SUPPORT", "REABLEMENT_NEEDED", "URGENT_CRISIS_NEED", "THERAPY_NEEDED",
                    "NURSING_DEFAULT");
        }
    }

    /** Every urgency with every combination of the 13 needs: 24,576 referrals. */
    @Nested
    class EveryReferral {

        static List<Set<ClinicalNeed>> everyCombinationOfNeeds() {
            ClinicalNeed[] all = ClinicalNeed.values();
            List<Set<ClinicalNeed>> combinations = new ArrayList<>();
            for (int mask = 0; mask < 1 << all.length; mask++) {
                Set<ClinicalNeed> needs = EnumSet.noneOf(ClinicalNeed.class);
                for (int i = 0; i < all.length; i++) {
                    if ((mask & 1 << i) != 0) {
                        needs.add(all[i]);
                    }
                }
                combinations.add(needs);
            }
            return combinations;
        }

        @Test
        void getsTheFirstRuleThatAppliesToItAsTheTableWasFirstWrittenInJava() {
            for (RequestedUrgency urgency : RequestedUrgency.values()) {
                for (Set<ClinicalNeed> needs : everyCombinationOfNeeds()) {
                    for (Integer discharge : java.util.Arrays.asList(null, 0, 1, 2, 3)) {
                        RuleMatch match = TriageRules.decide(urgency, needs, discharge);
                        Rule first = AS_FIRST_WRITTEN.stream()
                                .filter(rule -> rule.applies().test(new TriageRules.Facts(urgency, needs, discharge)))
                                .findFirst().orElseThrow();
                        assertThat(match).isEqualTo(new RuleMatch(first.pathway(), first.code()));
                    }
                }
            }
        }

        @Test
        void withAStepUpBedIsAlwaysBedBasedAndACrisisWithoutOneIsAlwaysACrisisResponse() {
            for (RequestedUrgency urgency : RequestedUrgency.values()) {
                for (Set<ClinicalNeed> needs : everyCombinationOfNeeds()) {
                    Pathway pathway = TriageRules.decide(urgency, needs).pathway();
                    if (needs.contains(STEP_UP_BED)) {
                        assertThat(pathway).isEqualTo(Pathway.BED_BASED);
                    } else if (urgency == CRISIS) {
                        assertThat(pathway).isEqualTo(Pathway.URGENT_CRISIS_RESPONSE);
                    } else {
                        assertThat(pathway).isNotIn(Pathway.BED_BASED, Pathway.URGENT_CRISIS_RESPONSE);
                    }
                }
            }
        }

        @Test
        void neverDeclinesOne() {
            for (RequestedUrgency urgency : RequestedUrgency.values()) {
                for (Set<ClinicalNeed> needs : everyCombinationOfNeeds()) {
                    assertThat(TriageRules.decide(urgency, needs).pathway()).isNotEqualTo(Pathway.NOT_ACCEPTED);
                }
            }
        }
    }

    /** A hospital's discharge-to-assess referral: the discharge pathway it states is an input. */
    @Nested
    class DischargePathway {

        @Test
        void pathwayThreeIsBedBasedWhateverElseTheReferralSays() {
            for (RequestedUrgency urgency : RequestedUrgency.values()) {
                for (Set<ClinicalNeed> needs : EveryReferral.everyCombinationOfNeeds()) {
                    assertThat(TriageRules.decide(urgency, needs, 3))
                            .isEqualTo(new RuleMatch(Pathway.BED_BASED, "DISCHARGE_TO_A_BED"));
                }
            }
        }

        @Test
        void pathwayOneIsReablementUnlessACrisisOrEndOfLifeOutranksIt() {
            assertThat(TriageRules.decide(ROUTINE, List.of(WOUND_CARE), 1))
                    .isEqualTo(new RuleMatch(Pathway.HOME_FIRST_REABLEMENT, "DISCHARGE_HOME_WITH_SUPPORT"));
            assertThat(TriageRules.decide(ROUTINE, List.of(THERAPY_NEED), 1).rule()).isEqualTo("DISCHARGE_HOME_WITH_SUPPORT");
            assertThat(TriageRules.decide(CRISIS, List.of(FALLS), 1).rule()).isEqualTo("CRISIS_REQUESTED");
            assertThat(TriageRules.decide(ROUTINE, List.of(PALLIATIVE_CARE), 1).rule()).isEqualTo("END_OF_LIFE_CARE_NEEDED");
            assertThat(TriageRules.decide(ROUTINE, List.of(STEP_UP_BED), 1).rule()).isEqualTo("STEP_UP_BED_NEEDED");
        }

        @Test
        void pathwaysZeroAndTwoAndNoneLeaveTheDecisionToTheOtherRules() {
            for (Integer pathway : java.util.Arrays.asList(0, 2, null)) {
                for (RequestedUrgency urgency : RequestedUrgency.values()) {
                    for (Set<ClinicalNeed> needs : EveryReferral.everyCombinationOfNeeds()) {
                        assertThat(TriageRules.decide(urgency, needs, pathway)).isEqualTo(TriageRules.decide(urgency, needs));
                    }
                }
            }
        }
    }

    @Test
    void urgentCrisisNeedsAreTheFiveOfTheRule() {
        RuleRow urgent = TriageRules.BUILT_IN.rows().stream().filter(r -> r.code().equals("URGENT_CRISIS_NEED")).findFirst()
                .orElseThrow();
        assertThat(urgent.needsAny()).containsExactlyInAnyOrder(FALLS, FRAILTY_DECOMPENSATION, DELIRIUM,
                RESPIRATORY_EXACERBATION, CARER_BREAKDOWN);
        assertThat(urgent.urgencies()).containsExactly(URGENT);
    }

    @Test
    void onlyTheCatchAllRowWaitsForAClinician() {
        assertThat(TriageRules.BUILT_IN.rows().stream().filter(RuleRow::confirm).map(RuleRow::code))
                .containsExactly("NURSING_DEFAULT");
    }

    /** The table as it was written in Java before it became data: the reference version 1 must match. */
    record Rule(String code, Pathway pathway, java.util.function.Predicate<TriageRules.Facts> applies) {
    }

    static final Set<ClinicalNeed> URGENT_CRISIS_NEEDS = EnumSet.of(FALLS, FRAILTY_DECOMPENSATION, DELIRIUM,
            RESPIRATORY_EXACERBATION, CARER_BREAKDOWN);

    static final List<Rule> AS_FIRST_WRITTEN = List.of(
            new Rule("DISCHARGE_TO_A_BED", Pathway.BED_BASED, f -> Integer.valueOf(3).equals(f.dischargePathway())),
            new Rule("STEP_UP_BED_NEEDED", Pathway.BED_BASED, f -> f.needs().contains(STEP_UP_BED)),
            new Rule("CRISIS_REQUESTED", Pathway.URGENT_CRISIS_RESPONSE, f -> f.urgency() == CRISIS),
            new Rule("END_OF_LIFE_CARE_NEEDED", Pathway.END_OF_LIFE,
                    f -> f.needs().contains(END_OF_LIFE_CARE) || f.needs().contains(PALLIATIVE_CARE)),
            new Rule("DISCHARGE_HOME_WITH_SUPPORT", Pathway.HOME_FIRST_REABLEMENT,
                    f -> Integer.valueOf(1).equals(f.dischargePathway())),
            new Rule("REABLEMENT_NEEDED", Pathway.HOME_FIRST_REABLEMENT, f -> f.needs().contains(REABLEMENT_NEED)),
            new Rule("URGENT_CRISIS_NEED", Pathway.HOME_FIRST_REABLEMENT,
                    f -> f.urgency() == URGENT && f.needs().stream().anyMatch(URGENT_CRISIS_NEEDS::contains)),
            new Rule("THERAPY_NEEDED", Pathway.PLANNED_THERAPY, f -> f.needs().contains(THERAPY_NEED)),
            new Rule("NURSING_DEFAULT", Pathway.NEIGHBOURHOOD_NURSING, f -> true));
}
