package uk.nhs.homefirst.triage.rules;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * A row of a rule table as an editor sends it (JSON, or a CSV line), before it is judged: every
 * value a string, so that each wrong one is named rather than refused whole.
 */
public record RuleRowInput(String code, List<String> urgencies, List<String> needsAny, List<String> dischargePathways,
        String pathway, Boolean confirm, String explanation) {

    static final int EXPLANATION_MAX = 500;

    /** The row, or null with each fault added under {@code field} ({@code rows[3]}). */
    RuleRow toRow(String field, Violations violations) {
        int before = violations.errors().size();
        if (code == null || !RuleTable.CODE.matcher(code).matches()) {
            violations.add(field + ".code", "must be a code of 2 to 64 capital letters, digits and underscores, "
                    + "starting with a letter, such as CRISIS_REQUESTED");
        }
        Set<RequestedUrgency> urgencySet = values(urgencies, field + ".urgencies", RequestedUrgency.class, violations);
        Set<ClinicalNeed> needSet = values(needsAny, field + ".needsAny", ClinicalNeed.class, violations);
        Set<Integer> dischargeSet = new LinkedHashSet<>();
        List<String> discharges = dischargePathways == null ? List.of() : dischargePathways;
        for (int i = 0; i < discharges.size(); i++) {
            String value = discharges.get(i);
            if (value != null && value.strip().matches("[0-3]")) {
                dischargeSet.add(Integer.valueOf(value.strip()));
            } else {
                violations.add(field + ".dischargePathways[" + i + "]", "must be a discharge pathway, 0 to 3");
            }
        }
        Pathway decided = null;
        try {
            decided = Pathway.valueOf(pathway == null ? "" : pathway.strip());
            violations.check(decided != Pathway.NOT_ACCEPTED, field + ".pathway",
                    "the rules never decline a referral: a clinician does");
        } catch (IllegalArgumentException e) {
            violations.add(field + ".pathway", "must be one of " + Arrays.toString(Pathway.values()));
        }
        violations.check(confirm != null, field + ".confirm", "is required: true when a clinician must confirm the row's decision");
        violations.check(explanation != null && !explanation.isBlank() && explanation.length() <= EXPLANATION_MAX,
                field + ".explanation", "is required: why the row decides as it does, at most " + EXPLANATION_MAX + " characters");
        if (violations.errors().size() > before) {
            return null;
        }
        return new RuleRow(code, urgencySet, needSet, dischargeSet, decided, confirm, explanation.strip());
    }

    public static RuleRowInput of(RuleRow row) {
        return new RuleRowInput(row.code(), row.urgencies().stream().map(Enum::name).sorted().toList(),
                row.needsAny().stream().map(Enum::name).sorted().toList(),
                row.dischargePathways().stream().sorted().map(String::valueOf).toList(), row.pathway().name(),
                row.confirm(), row.explanation());
    }

    private static <E extends Enum<E>> Set<E> values(List<String> names, String field, Class<E> type, Violations violations) {
        Set<E> values = EnumSet.noneOf(type);
        List<String> given = names == null ? List.of() : names;
        for (int i = 0; i < given.size(); i++) {
            try {
                values.add(Enum.valueOf(type, given.get(i) == null ? "" : given.get(i).strip()));
            } catch (IllegalArgumentException e) {
                violations.add(field + "[" + i + "]", "must be one of " + Arrays.toString(type.getEnumConstants()));
            }
        }
        return values;
    }
}
