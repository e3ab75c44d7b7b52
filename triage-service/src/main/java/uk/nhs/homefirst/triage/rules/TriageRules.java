package uk.nhs.homefirst.triage.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * The Locality Decision Unit's first-pass rules: an ordered {@link RuleTable} over the requested
 * urgency, the clinical needs and, for a hospital's discharge-to-assess referral, the discharge
 * pathway (0 to 3) the hospital stated. The first row that matches decides decision 1; a clinician
 * may re-triage afterwards. The table is data, versioned in the database ({@code RuleBook}); version 1
 * is {@code rules/rules-v1.csv}, whose order is clinical precedence: a bed outranks everything, a
 * crisis outranks end of life and reablement, planned therapy and nursing come last.
 */
public final class TriageRules {

    /** What the rules read of a referral; {@code dischargePathway} is null unless a hospital referred before discharge. */
    public record Facts(RequestedUrgency urgency, Set<ClinicalNeed> needs, Integer dischargePathway) {

        public static Facts of(RequestedUrgency urgency, Collection<ClinicalNeed> needs, Integer dischargePathway) {
            Objects.requireNonNull(urgency, "urgency");
            return new Facts(urgency, needs == null || needs.isEmpty() ? EnumSet.noneOf(ClinicalNeed.class)
                    : EnumSet.copyOf(needs), dischargePathway);
        }
    }

    /** The decidedBy of every decision these rules make; clinicians decide under their staff id. */
    public static final String DECIDED_BY = "rules";

    public static final String BUILT_IN_FILE = "rules/rules-v1.csv";

    /** Version 1 of the table, as first written: what a new database starts with. */
    public static final RuleTable BUILT_IN = builtIn();

    private TriageRules() {
    }

    /** What version 1 decides, for a referral with no discharge to wait for. */
    public static RuleMatch decide(RequestedUrgency urgency, Collection<ClinicalNeed> needs) {
        return decide(urgency, needs, null);
    }

    /** What version 1 decides; {@code dischargePathway} 0 to 3, or null. */
    public static RuleMatch decide(RequestedUrgency urgency, Collection<ClinicalNeed> needs, Integer dischargePathway) {
        RuleRow row = BUILT_IN.decide(Facts.of(urgency, needs, dischargePathway));
        return new RuleMatch(row.pathway(), row.code());
    }

    public static String builtInCsv() {
        try (InputStream in = TriageRules.class.getClassLoader().getResourceAsStream(BUILT_IN_FILE)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_FILE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuleTable builtIn() {
        Violations violations = new Violations();
        List<RuleRowInput> rows = RuleTableCsv.read(builtInCsv(), violations);
        RuleTable table = rows == null ? null : RuleTable.of(rows, violations);
        if (!violations.isEmpty()) {
            throw new IllegalStateException(BUILT_IN_FILE + " is not a rule table: " + violations.errors());
        }
        return table;
    }
}
