package uk.nhs.homefirst.triage.decision;

import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageDecision;

/** Maps stored decisions to the events of the contract. */
final class TriageEvents {

    private TriageEvents() {
    }

    static ReferralTriaged triaged(TriageCase c, TriageDecision d) {
        return new ReferralTriaged(
                c.referralId.toString(), d.decisionId.toString(), d.decisionNumber, d.decidedAt, c.receivedAt,
                d.pathway, d.standard, d.decidedBy, d.rule, c.source, c.requestedUrgency, c.postcodeDistrict,
                c.gpPracticeOdsCode, d.ldu, d.bedType, d.bedArrangedAt);
    }
}
