package uk.nhs.homefirst.triage.rest;

import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.triage.rules.RuleBook;
import uk.nhs.homefirst.triage.rules.RuleRowInput;
import uk.nhs.homefirst.triage.store.RuleVersion;

/**
 * A version of the rule table.
 *
 * @param inEffect   whether it is the version deciding new referrals now
 * @param decidedBy  who approved or withdrew it; null for a draft
 * @param rows       its rows, in order; left out of the list of versions
 */
public record RuleVersionView(int version, String status, boolean inEffect, Instant effectiveFrom, String note,
        String createdBy, Instant createdAt, String decidedBy, Instant decidedAt, List<RuleRowInput> rows) {

    static RuleVersionView of(RuleVersion v, Integer inEffect, boolean withRows) {
        return new RuleVersionView(v.version, v.status, inEffect != null && inEffect == v.version, v.effectiveFrom, v.note,
                v.createdBy, v.createdAt, v.decidedBy, v.decidedAt,
                withRows ? RuleBook.parse(v).rows().stream().map(RuleRowInput::of).toList() : null);
    }

    /** What an editor sends for a new version. */
    public record Draft(String effectiveFrom, String note, List<RuleRowInput> rows) {
    }
}
