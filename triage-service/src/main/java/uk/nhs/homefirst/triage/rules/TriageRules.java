package uk.nhs.homefirst.triage.rules;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * The Locality Decision Unit's first-pass rules: an ordered table over the requested urgency and the
 * clinical needs of a referral. The first rule that matches decides the pathway. A clinician may
 * re-triage afterwards; these rules only make decision 1.
 *
 * <p>The order is clinical precedence: a step-up bed outranks a crisis response (the patient cannot
 * stay at home), a crisis outranks end-of-life and reablement (it is the fastest standard), and
 * planned therapy and nursing come last because they carry the slowest promises.
 */
public final class TriageRules {

    /** One row of the table: the rule code, when it applies, and the pathway it decides. */
    public record Rule(String code, Pathway pathway, BiPredicate<RequestedUrgency, Set<ClinicalNeed>> applies) {
    }

    /** The decidedBy of every decision these rules make; clinicians decide under their staff id. */
    public static final String DECIDED_BY = "rules";

    /** Needs that make an urgent (not crisis) referral a case for reablement within 2 days. */
    public static final Set<ClinicalNeed> URGENT_CRISIS_NEEDS = EnumSet.of(ClinicalNeed.FALLS,
            ClinicalNeed.FRAILTY_DECOMPENSATION, ClinicalNeed.DELIRIUM, ClinicalNeed.RESPIRATORY_EXACERBATION,
            ClinicalNeed.CARER_BREAKDOWN);

    public static final String STEP_UP_BED_NEEDED = "STEP_UP_BED_NEEDED";
    public static final String CRISIS_REQUESTED = "CRISIS_REQUESTED";
    public static final String END_OF_LIFE_CARE_NEEDED = "END_OF_LIFE_CARE_NEEDED";
    public static final String REABLEMENT_NEEDED = "REABLEMENT_NEEDED";
    public static final String URGENT_CRISIS_NEED = "URGENT_CRISIS_NEED";
    public static final String THERAPY_NEEDED = "THERAPY_NEEDED";
    public static final String NURSING_DEFAULT = "NURSING_DEFAULT";

    /** The table, in order of precedence. The last row matches every referral. */
    public static final List<Rule> TABLE = List.of(
            new Rule(STEP_UP_BED_NEEDED, Pathway.BED_BASED,
                    (urgency, needs) -> needs.contains(ClinicalNeed.STEP_UP_BED)),
            new Rule(CRISIS_REQUESTED, Pathway.URGENT_CRISIS_RESPONSE,
                    (urgency, needs) -> urgency == RequestedUrgency.CRISIS),
            new Rule(END_OF_LIFE_CARE_NEEDED, Pathway.END_OF_LIFE,
                    (urgency, needs) -> needs.contains(ClinicalNeed.END_OF_LIFE_CARE)
                            || needs.contains(ClinicalNeed.PALLIATIVE_CARE)),
            new Rule(REABLEMENT_NEEDED, Pathway.HOME_FIRST_REABLEMENT,
                    (urgency, needs) -> needs.contains(ClinicalNeed.REABLEMENT_NEED)),
            new Rule(URGENT_CRISIS_NEED, Pathway.HOME_FIRST_REABLEMENT,
                    (urgency, needs) -> urgency == RequestedUrgency.URGENT
                            && needs.stream().anyMatch(URGENT_CRISIS_NEEDS::contains)),
            new Rule(THERAPY_NEEDED, Pathway.PLANNED_THERAPY,
                    (urgency, needs) -> needs.contains(ClinicalNeed.THERAPY_NEED)),
            new Rule(NURSING_DEFAULT, Pathway.NEIGHBOURHOOD_NURSING,
                    (urgency, needs) -> true));

    private TriageRules() {
    }

    /** The pathway of the first rule that matches. */
    public static RuleMatch decide(RequestedUrgency urgency, Collection<ClinicalNeed> needs) {
        Objects.requireNonNull(urgency, "urgency");
        Set<ClinicalNeed> needSet = needs == null || needs.isEmpty()
                ? EnumSet.noneOf(ClinicalNeed.class) : EnumSet.copyOf(needs);
        for (Rule rule : TABLE) {
            if (rule.applies().test(urgency, needSet)) {
                return new RuleMatch(rule.pathway(), rule.code());
            }
        }
        throw new IllegalStateException("The last triage rule matches every referral");
    }
}
