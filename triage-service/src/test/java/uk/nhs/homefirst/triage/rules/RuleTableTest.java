package uk.nhs.homefirst.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.Violations;

class RuleTableTest {

    private static RuleRowInput row(String code, List<String> urgencies, List<String> needs, String pathway) {
        return new RuleRowInput(code, urgencies, needs, List.of(), pathway, false, "Why " + code);
    }

    private static List<String> faults(List<RuleRowInput> rows) {
        Violations violations = new Violations();
        assertThat(RuleTable.of(rows, violations)).isNull();
        return violations.errors().stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    @Test
    void theBuiltInTableGoesToCsvAndBackUnchanged() {
        String csv = RuleTableCsv.write(TriageRules.BUILT_IN);
        Violations violations = new Violations();
        RuleTable read = RuleTable.of(RuleTableCsv.read(csv, violations), violations);
        assertThat(violations.errors()).isEmpty();
        assertThat(read).isEqualTo(TriageRules.BUILT_IN);
        assertThat(csv).startsWith(RuleTableCsv.HEADER + "\nDISCHARGE_TO_A_BED,,,3,BED_BASED,false,\"Discharge pathway 3: a care");
    }

    @Test
    void eachWrongValueIsNamedByItsRowAndField() {
        List<RuleRowInput> rows = List.of(
                row("crisis", List.of("CRISIS"), List.of(), "URGENT_CRISIS_RESPONSE"),
                row("FALLS_AT_HOME", List.of("SOMEDAY"), List.of("FALLS", "FALLING"), "HOME_FIRST_REABLEMENT"),
                new RuleRowInput("DECLINE", List.of(), List.of("WOUND_CARE"), List.of("4"), "NOT_ACCEPTED", null, " "),
                row("OTHERWISE", List.of(), List.of(), "NEIGHBOURHOOD_NURSING"));
        assertThat(faults(rows)).containsExactly(
                "rows[0].code: must be a code of 2 to 64 capital letters, digits and underscores, starting with a letter, such as CRISIS_REQUESTED",
                "rows[1].urgencies[0]: must be one of " + java.util.Arrays.toString(RequestedUrgency.values()),
                "rows[1].needsAny[1]: must be one of " + java.util.Arrays.toString(ClinicalNeed.values()),
                "rows[2].dischargePathways[0]: must be a discharge pathway, 0 to 3",
                "rows[2].pathway: the rules never decline a referral: a clinician does",
                "rows[2].confirm: is required: true when a clinician must confirm the row's decision",
                "rows[2].explanation: is required: why the row decides as it does, at most 500 characters");
    }

    @Test
    void everyReferralGetsADecisionFromTheLastRowAndOnlyThere() {
        assertThat(faults(List.of(row("CRISIS", List.of("CRISIS"), List.of(), "URGENT_CRISIS_RESPONSE"))))
                .containsExactly("rows[0]: the last row must have no condition, so that every referral gets a decision");
        assertThat(faults(List.of(row("ANY", List.of(), List.of(), "NEIGHBOURHOOD_NURSING"),
                row("CRISIS", List.of("CRISIS"), List.of(), "URGENT_CRISIS_RESPONSE"))))
                .containsExactly("rows[0]: matches every referral, so the rows after it would never apply",
                        "rows[1]: the last row must have no condition, so that every referral gets a decision");
        assertThat(faults(List.of())).containsExactly("rows: must have 1 to 200 rows, the last matching every referral");
        assertThat(faults(List.of(row("SAME", List.of("CRISIS"), List.of(), "URGENT_CRISIS_RESPONSE"),
                row("SAME", List.of(), List.of(), "NEIGHBOURHOOD_NURSING"))))
                .containsExactly("rows[1].code: repeats the code of rows[0]: a code names one row");
    }

    @Test
    void aCsvCellMayHoldACommaInQuotesAndALineThatDoesNotReadIsNamed() {
        String csv = """
                # a comment
                code,urgency,needs_any,discharge_pathway,pathway,confirm,explanation
                FALLS_PREVENTION,ROUTINE,FALLS,,PLANNED_THERAPY,false,"Falls, not urgent: ""prevention"" therapy"
                BROKEN,ROUTINE,FALLS
                OTHERWISE,,,,NEIGHBOURHOOD_NURSING,maybe,Nursing
                """;
        Violations violations = new Violations();
        List<RuleRowInput> rows = RuleTableCsv.read(csv, violations);
        assertThat(rows.get(0).explanation()).isEqualTo("Falls, not urgent: \"prevention\" therapy");
        assertThat(RuleTable.of(rows, violations)).isNull();
        assertThat(violations.errors()).extracting(Problem.FieldError::field).containsExactly("rows[1]", "rows[1]",
                "rows[2].confirm");
        assertThat(violations.errors().get(0).message()).startsWith("line 4: must have 7 cells");
        Violations header = new Violations();
        RuleTableCsv.read("code,pathway\nX,BED_BASED\n", header);
        assertThat(header.errors()).extracting(Problem.FieldError::field).containsExactly("csv");
    }

    @Test
    void aDryRunComparesTheDraftWithWhatTheRulesDecidedAndWithTheClinicians() {
        RuleTable draft = RuleTable.of(List.of(
                row("FALLS_PREVENTION", List.of("ROUTINE"), List.of("FALLS"), "PLANNED_THERAPY"),
                row("OTHERWISE", List.of(), List.of(), "NEIGHBOURHOOD_NURSING")));
        List<DryRun.Past> past = new ArrayList<>();
        UUID movedByClinician = UUID.randomUUID();
        UUID confirmed = UUID.randomUUID();
        UUID unchanged = UUID.randomUUID();
        past.add(new DryRun.Past(movedByClinician, RequestedUrgency.ROUTINE, Set.of(ClinicalNeed.FALLS), null,
                Pathway.NEIGHBOURHOOD_NURSING, "NURSING_DEFAULT", 1, Pathway.PLANNED_THERAPY));
        past.add(new DryRun.Past(confirmed, RequestedUrgency.ROUTINE, Set.of(ClinicalNeed.FALLS), null,
                Pathway.NEIGHBOURHOOD_NURSING, "NURSING_DEFAULT", 1, Pathway.NEIGHBOURHOOD_NURSING));
        past.add(new DryRun.Past(unchanged, RequestedUrgency.ROUTINE, Set.of(ClinicalNeed.WOUND_CARE), null,
                Pathway.NEIGHBOURHOOD_NURSING, "NURSING_DEFAULT", 1, null));
        DryRun.Result result = DryRun.of(past, draft, 1);
        assertThat(result.referrals()).isEqualTo(3);
        assertThat(result.changed()).isEqualTo(2);
        assertThat(result.decidedByPathway()).containsExactlyEntriesOf(java.util.Map.of(Pathway.NEIGHBOURHOOD_NURSING, 3));
        assertThat(result.draftByPathway()).containsEntry(Pathway.PLANNED_THERAPY, 2).containsEntry(Pathway.NEIGHBOURHOOD_NURSING, 1);
        assertThat(result.reTriaged()).isEqualTo(1);
        assertThat(result.draftAgrees()).isEqualTo(1);
        assertThat(result.draftDisagrees()).as("the one a clinician confirmed on nursing").isEqualTo(1);
        assertThat(result.changes()).hasSize(1).first().satisfies(c -> {
            assertThat(c.referralId()).isEqualTo(movedByClinician);
            assertThat(c.draft()).isEqualTo(Pathway.PLANNED_THERAPY);
            assertThat(c.draftRule()).isEqualTo("FALLS_PREVENTION");
            assertThat(c.clinician()).isEqualTo(Pathway.PLANNED_THERAPY);
        });
    }
}
