package uk.nhs.homefirst.triage.rest;

import java.time.Instant;
import uk.nhs.homefirst.triage.store.TriageDecision;

/**
 * One version of a referral's triage.
 *
 * @param standard   the response standard of the pathway, or null when it has none
 * @param decidedBy  "rules" for the automatic first decision, otherwise the clinician's staff id
 * @param rule       the rule or reason code
 * @param recordedAt when the service stored the decision
 * @param ldu        the LDU the decision routed the referral to, or null
 * @param replacesDecision the number of the decision this one replaced, null for decision 1
 * @param replacesRule     the rule (or reason) code of that decision: what this one overrode
 * @param ruleVersion      the version of the rule table that made this decision; null for a clinician's
 * @param replacesRuleVersion the version of the rule table that made the replaced decision, if the rules made it
 * @param bedType          a BED_BASED decision's bed; null otherwise, and for the rules' (a clinician chooses)
 * @param bedArrangedAt    when that bed was arranged, once known; null otherwise
 */
public record DecisionView(
        String decisionId,
        int decisionNumber,
        Instant decidedAt,
        Instant recordedAt,
        String pathway,
        String standard,
        String decidedBy,
        String rule,
        String ldu,
        Integer replacesDecision,
        String replacesRule,
        Integer ruleVersion,
        Integer replacesRuleVersion,
        String bedType,
        Instant bedArrangedAt) {

    static DecisionView of(TriageDecision d) {
        return d == null ? null : new DecisionView(d.decisionId.toString(), d.decisionNumber, d.decidedAt,
                d.recordedAt, d.pathway.name(), d.standard == null ? null : d.standard.name(), d.decidedBy, d.rule, d.ldu,
                d.replacesDecision, d.replacesRule, d.ruleVersion, d.replacesRuleVersion,
                d.bedType == null ? null : d.bedType.name(), d.bedArrangedAt);
    }
}
