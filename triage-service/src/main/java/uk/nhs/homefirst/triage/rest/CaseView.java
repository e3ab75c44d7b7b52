package uk.nhs.homefirst.triage.rest;

import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageDecision;

/**
 * A triage case with every decision, oldest first. Operational facts only: no patient identifiers.
 *
 * @param status          OPEN, or CANCELLED once the referrer withdrew the referral
 * @param ldu             the LDU the referral is routed to, or null when no route covers it
 * @param outOfHours      received while that LDU was closed
 * @param currentDecision the latest decision; null for a referral cancelled before it was triaged
 * @param claim           who holds the case now, or null
 * @param review          why a person asked for a review, until the next decision, or null
 * @param bedToArrange    the current decision is BED_BASED and no bed is recorded as arranged yet
 */
public record CaseView(
        String referralId,
        String status,
        Instant receivedAt,
        String source,
        String requestedUrgency,
        List<String> clinicalNeeds,
        String postcodeDistrict,
        String gpPracticeOdsCode,
        String ldu,
        boolean outOfHours,
        Instant cancelledAt,
        String cancellationReason,
        DecisionView currentDecision,
        List<DecisionView> decisions,
        ClaimView claim,
        ReviewView review,
        boolean bedToArrange) {

    static CaseView of(TriageCase c, List<TriageDecision> decisions, Instant now) {
        List<DecisionView> views = decisions.stream().map(DecisionView::of).toList();
        DecisionView current = views.isEmpty() ? null : views.get(views.size() - 1);
        boolean bedToArrange = !c.isCancelled() && current != null && "BED_BASED".equals(current.pathway())
                && current.bedArrangedAt() == null;
        return new CaseView(c.referralId.toString(), QueueItem.status(c), c.receivedAt, c.source.name(),
                c.requestedUrgency.name(), List.of(c.clinicalNeeds), c.postcodeDistrict, c.gpPracticeOdsCode,
                c.ldu, c.outOfHours, c.cancelledAt, c.cancellationReason == null ? null : c.cancellationReason.name(),
                current, views, ClaimView.of(c, now), ReviewView.of(c), bedToArrange);
    }
}
