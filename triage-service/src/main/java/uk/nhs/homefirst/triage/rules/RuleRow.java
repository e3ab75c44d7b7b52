package uk.nhs.homefirst.triage.rules;

import java.util.Set;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * One row of a rule table: when it applies, the pathway it decides, and why. Each condition left
 * empty matches anything; the row applies when all of them match.
 *
 * @param urgencies         the requested urgency is one of these
 * @param needsAny          the referral has one of these clinical needs at least
 * @param dischargePathways the hospital stated one of these discharge pathways (0 to 3); a referral
 *                          with none stated never matches a row that names some
 * @param confirm           a clinician must confirm what this row decides: the case goes on the review queue
 * @param explanation       for people reading the table, never for a patient
 */
public record RuleRow(String code, Set<RequestedUrgency> urgencies, Set<ClinicalNeed> needsAny,
        Set<Integer> dischargePathways, Pathway pathway, boolean confirm, String explanation) {

    public RuleRow {
        urgencies = Set.copyOf(urgencies);
        needsAny = Set.copyOf(needsAny);
        dischargePathways = Set.copyOf(dischargePathways);
    }

    public boolean applies(TriageRules.Facts facts) {
        return (urgencies.isEmpty() || urgencies.contains(facts.urgency()))
                && (needsAny.isEmpty() || facts.needs().stream().anyMatch(needsAny::contains))
                && (dischargePathways.isEmpty()
                        || facts.dischargePathway() != null && dischargePathways.contains(facts.dischargePathway()));
    }

    /** With no condition at all: the row every referral reaches. */
    public boolean matchesEverything() {
        return urgencies.isEmpty() && needsAny.isEmpty() && dischargePathways.isEmpty();
    }
}
