package uk.nhs.homefirst.referral.status;

import java.time.Instant;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;

/**
 * One step of a referral's way through the platform, as its referrer sees it, at its business time:
 * when it was received, each triage decision, each allocation to a hub, each visit, and its
 * cancellation. Only the fields of its kind are set.
 *
 * @param key    what identifies the step among those of its kind: the decision, allocation or visit id
 * @param number the decision or allocation number, 1 for the first
 * @param code   a triage decision's rule or reason code (why the LDU declined, for NOT_ACCEPTED)
 */
public record Milestone(
        Kind kind,
        Instant at,
        String key,
        Integer number,
        Pathway pathway,
        ResponseStandard standard,
        String hubId,
        VisitOutcome outcome,
        CancellationReason reason,
        String text,
        String code) {

    public enum Kind {
        RECEIVED,
        TRIAGED,
        ALLOCATED,
        VISIT,
        CANCELLED
    }

    public static Milestone received(Instant at) {
        return new Milestone(Kind.RECEIVED, at, null, null, null, null, null, null, null, null, null);
    }

    public static Milestone triaged(String decisionId, int decisionNumber, Instant decidedAt, Pathway pathway,
            ResponseStandard standard) {
        return triaged(decisionId, decisionNumber, decidedAt, pathway, standard, null);
    }

    public static Milestone triaged(String decisionId, int decisionNumber, Instant decidedAt, Pathway pathway,
            ResponseStandard standard, String code) {
        return new Milestone(Kind.TRIAGED, decidedAt, decisionId, decisionNumber, pathway, standard, null, null, null, null,
                code);
    }

    public static Milestone allocated(String allocationId, int allocationNumber, Instant allocatedAt, String hubId,
            Pathway pathway) {
        return new Milestone(Kind.ALLOCATED, allocatedAt, allocationId, allocationNumber, pathway, null, hubId, null,
                null, null, null);
    }

    public static Milestone visit(String visitId, Instant visitedAt, String hubId, VisitOutcome outcome) {
        return new Milestone(Kind.VISIT, visitedAt, visitId, null, null, null, hubId, outcome, null, null, null);
    }

    public static Milestone cancelled(Instant cancelledAt, CancellationReason reason, String text) {
        return new Milestone(Kind.CANCELLED, cancelledAt, null, null, null, null, null, null, reason, text, null);
    }
}
