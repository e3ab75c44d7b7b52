package uk.nhs.homefirst.triage.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * An ordered rule table: the first row that applies to a referral decides its pathway. Judged whole
 * before it is kept, so that a table in use always decides every referral: its last row matches
 * everything, and no earlier one does.
 */
public final class RuleTable {

    /** A rule code, as decisions and the contract carry it. */
    public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    static final int MAX_ROWS = 200;

    private final List<RuleRow> rows;

    private RuleTable(List<RuleRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The table, or a 400 naming each fault ({@code rows[2].pathway}). */
    public static RuleTable of(List<RuleRowInput> input) {
        Violations violations = new Violations();
        RuleTable table = of(input, violations);
        violations.throwIfAny();
        return table;
    }

    /** The table, or null with each fault added. */
    public static RuleTable of(List<RuleRowInput> input, Violations violations) {
        if (input == null || input.isEmpty() || input.size() > MAX_ROWS) {
            violations.add("rows", "must have 1 to " + MAX_ROWS + " rows, the last matching every referral");
            return null;
        }
        int before = violations.errors().size();
        List<RuleRow> rows = new ArrayList<>();
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < input.size(); i++) {
            String field = "rows[" + i + "]";
            if (input.get(i) == null) {
                violations.add(field, "is required");
                continue;
            }
            RuleRow row = input.get(i).toRow(field, violations);
            if (row == null) {
                continue;
            }
            Integer earlier = codes.putIfAbsent(row.code(), i);
            violations.check(earlier == null, field + ".code", "repeats the code of rows[" + earlier + "]: a code names one row");
            boolean last = i == input.size() - 1;
            violations.check(!row.matchesEverything() || last, field,
                    "matches every referral, so the rows after it would never apply");
            violations.check(row.matchesEverything() || !last, field,
                    "the last row must have no condition, so that every referral gets a decision");
            rows.add(row);
        }
        return violations.errors().size() > before ? null : new RuleTable(rows);
    }

    public List<RuleRow> rows() {
        return rows;
    }

    /** The first row that applies. */
    public RuleRow decide(TriageRules.Facts facts) {
        for (RuleRow row : rows) {
            if (row.applies(facts)) {
                return row;
            }
        }
        throw new IllegalStateException("The last row of a rule table matches every referral");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RuleTable t && t.rows.equals(rows);
    }

    @Override
    public int hashCode() {
        return rows.hashCode();
    }
}
