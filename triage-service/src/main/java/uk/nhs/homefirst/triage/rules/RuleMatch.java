package uk.nhs.homefirst.triage.rules;

import java.util.Objects;
import uk.nhs.homefirst.events.Pathway;

/**
 * What the triage rules decide for a referral: its pathway and the code of the rule that matched.
 *
 * @param rule a stable code such as {@code CRISIS_REQUESTED}, published in ReferralTriaged; never free text
 */
public record RuleMatch(Pathway pathway, String rule) {

    public RuleMatch {
        Objects.requireNonNull(pathway, "pathway");
        Objects.requireNonNull(rule, "rule");
    }
}
