package uk.nhs.homefirst.triage.rest;

import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageQueue;

/**
 * A case on the triage queue with its current decision.
 *
 * @param ldu the LDU the referral is routed to, or null when no route covers it
 */
public record QueueItem(
        String referralId,
        String status,
        Instant receivedAt,
        String source,
        String requestedUrgency,
        List<String> clinicalNeeds,
        String postcodeDistrict,
        String gpPracticeOdsCode,
        String ldu,
        DecisionView currentDecision) {

    static QueueItem of(TriageQueue.Entry entry) {
        TriageCase c = entry.triageCase();
        return new QueueItem(c.referralId.toString(), status(c), c.receivedAt, c.source.name(),
                c.requestedUrgency.name(), List.of(c.clinicalNeeds), c.postcodeDistrict, c.gpPracticeOdsCode,
                c.ldu, DecisionView.of(entry.currentDecision()));
    }

    static String status(TriageCase c) {
        return c.isCancelled() ? "CANCELLED" : "OPEN";
    }
}
