package uk.nhs.homefirst.triage.rules;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * The Locality Decision Unit's first-pass rules: an ordered table over the requested urgency, the
 * clinical needs and, for a hospital's discharge-to-assess referral, the discharge pathway (0 to 3)
 * the hospital stated. The first rule that matches decides the pathway. A clinician may re-triage
 * afterwards; these rules only make decision 1.
 *
 * <p>The order is clinical precedence: a bed outranks everything else (discharge pathway 3, or a
 * step-up bed: the patient cannot be cared for at home), a crisis outranks end-of-life and reablement
 * (it is the fastest standard), discharge pathway 1 (home with support) is reablement, and planned
 * therapy and nursing come last because they carry the slowest promises. The discharge pathway is an
 * input to these rules, not the referrer's choice of our pathway.
 */
public final class TriageRules {

    /** One row of the table: the rule code, when it applies, and the pathway it decides. */
    public record Rule(String code, Pathway pathway, Predicate<Facts> applies) {
    }

    /** What the rules read of a referral; {@code dischargePathway} is null unless a hospital referred before discharge. */
    public record Facts(RequestedUrgency urgency, Set<ClinicalNeed> needs, Integer dischargePathway) {
    }

    /** The decidedBy of every decision these rules make; clinicians decide under their staff id. */
    public static final String DECIDED_BY = "rules";

    /** Needs that make an urgent (not crisis) referral a case for reablement within 2 days. */
    public static final Set<ClinicalNeed> URGENT_CRISIS_NEEDS = EnumSet.of(ClinicalNeed.FALLS,
            ClinicalNeed.FRAILTY_DECOMPENSATION, ClinicalNeed.DELIRIUM, ClinicalNeed.RESPIRATORY_EXACERBATION,
            ClinicalNeed.CARER_BREAKDOWN);

    public static final String DISCHARGE_TO_A_BED = "DISCHARGE_TO_A_BED";
    public static final String STEP_UP_BED_NEEDED = "STEP_UP_BED_NEEDED";
    public static final String CRISIS_REQUESTED = "CRISIS_REQUESTED";
    public static final String END_OF_LIFE_CARE_NEEDED = "END_OF_LIFE_CARE_NEEDED";
    public static final String DISCHARGE_HOME_WITH_SUPPORT = "DISCHARGE_HOME_WITH_SUPPORT";
    public static final String REABLEMENT_NEEDED = "REABLEMENT_NEEDED";
    public static final String URGENT_CRISIS_NEED = "URGENT_CRISIS_NEED";
    public static final String THERAPY_NEEDED = "THERAPY_NEEDED";
    public static final String NURSING_DEFAULT = "NURSING_DEFAULT";

    /** The table, in order of precedence. The last row matches every referral. */
    public static final List<Rule> TABLE = List.of(
            // Discharge pathway 3: a care home or long-term bed, so no home visit and no home clock.
            new Rule(DISCHARGE_TO_A_BED, Pathway.BED_BASED,
                    f -> Integer.valueOf(3).equals(f.dischargePathway())),
            new Rule(STEP_UP_BED_NEEDED, Pathway.BED_BASED,
                    f -> f.needs().contains(ClinicalNeed.STEP_UP_BED)),
            new Rule(CRISIS_REQUESTED, Pathway.URGENT_CRISIS_RESPONSE,
                    f -> f.urgency() == RequestedUrgency.CRISIS),
            new Rule(END_OF_LIFE_CARE_NEEDED, Pathway.END_OF_LIFE,
                    f -> f.needs().contains(ClinicalNeed.END_OF_LIFE_CARE)
                            || f.needs().contains(ClinicalNeed.PALLIATIVE_CARE)),
            // Discharge pathway 1: home with support, the reablement the 2-day standard is for.
            new Rule(DISCHARGE_HOME_WITH_SUPPORT, Pathway.HOME_FIRST_REABLEMENT,
                    f -> Integer.valueOf(1).equals(f.dischargePathway())),
            new Rule(REABLEMENT_NEEDED, Pathway.HOME_FIRST_REABLEMENT,
                    f -> f.needs().contains(ClinicalNeed.REABLEMENT_NEED)),
            new Rule(URGENT_CRISIS_NEED, Pathway.HOME_FIRST_REABLEMENT,
                    f -> f.urgency() == RequestedUrgency.URGENT
                            && f.needs().stream().anyMatch(URGENT_CRISIS_NEEDS::contains)),
            new Rule(THERAPY_NEEDED, Pathway.PLANNED_THERAPY,
                    f -> f.needs().contains(ClinicalNeed.THERAPY_NEED)),
            new Rule(NURSING_DEFAULT, Pathway.NEIGHBOURHOOD_NURSING,
                    f -> true));

    private TriageRules() {
    }

    /** The pathway of the first rule that matches, for a referral with no discharge to wait for. */
    public static RuleMatch decide(RequestedUrgency urgency, Collection<ClinicalNeed> needs) {
        return decide(urgency, needs, null);
    }

    /** The pathway of the first rule that matches; {@code dischargePathway} 0 to 3, or null. */
    public static RuleMatch decide(RequestedUrgency urgency, Collection<ClinicalNeed> needs, Integer dischargePathway) {
        Objects.requireNonNull(urgency, "urgency");
        Set<ClinicalNeed> needSet = needs == null || needs.isEmpty()
                ? EnumSet.noneOf(ClinicalNeed.class) : EnumSet.copyOf(needs);
        Facts facts = new Facts(urgency, needSet, dischargePathway);
        for (Rule rule : TABLE) {
            if (rule.applies().test(facts)) {
                return new RuleMatch(rule.pathway(), rule.code());
            }
        }
        throw new IllegalStateException("The last triage rule matches every referral");
    }
}
