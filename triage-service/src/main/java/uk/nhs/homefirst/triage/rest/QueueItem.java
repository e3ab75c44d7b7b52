package uk.nhs.homefirst.triage.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.triage.review.ReviewQueue;
import uk.nhs.homefirst.triage.review.ReviewReason;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageDecision;
import uk.nhs.homefirst.triage.store.TriageQueue;

/**
 * A case on the review queue: why it is there, how old it is, when it breaches and who holds it.
 *
 * @param age        since receipt, ISO-8601 (PT3H20M)
 * @param breachesAt receipt plus its standard's duration; null when its pathway has no standard
 * @param reasons    why a person must act on it
 * @param claim      who holds it, or null
 * @param review     who sent it back or passed it on, why and when, or null
 * @param ldu        the LDU the referral is routed to, or null when no route covers it
 * @param outOfHours received while that LDU was closed: such cases come first
 */
public record QueueItem(
        String referralId,
        String status,
        Instant receivedAt,
        String age,
        Instant breachesAt,
        List<ReviewReason> reasons,
        ClaimView claim,
        ReviewView review,
        String source,
        String requestedUrgency,
        List<String> clinicalNeeds,
        String postcodeDistrict,
        String gpPracticeOdsCode,
        String ldu,
        boolean outOfHours,
        DecisionView currentDecision) {

    static QueueItem of(TriageQueue.Entry entry, Instant now, Duration undecidedAfter) {
        TriageCase c = entry.triageCase();
        TriageDecision d = entry.currentDecision();
        List<ReviewReason> reasons = ReviewQueue.reasons(new ReviewQueue.State(c.receivedAt, c.isCancelled(), c.ldu,
                c.decisionCount, d != null && d.toConfirm, c.reviewCause, bedTypeNeeded(d)),
                now, undecidedAfter);
        Duration age = Duration.between(c.receivedAt, now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new QueueItem(c.referralId.toString(), status(c), c.receivedAt, (age.isNegative() ? Duration.ZERO : age).toString(),
                entry.breachesAt(), reasons, ClaimView.of(c, now), ReviewView.of(c), c.source.name(),
                c.requestedUrgency.name(), List.of(c.clinicalNeeds), c.postcodeDistrict, c.gpPracticeOdsCode,
                c.ldu, c.outOfHours, DecisionView.of(d));
    }

    /** A bed-based decision with no bed type: the rules', which leave the bed to a clinician. */
    static boolean bedTypeNeeded(TriageDecision d) {
        return d != null && d.pathway == uk.nhs.homefirst.events.Pathway.BED_BASED && d.bedType == null;
    }

    static String status(TriageCase c) {
        return c.isCancelled() ? "CANCELLED" : "OPEN";
    }
}
