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
 * @param code   a triage decision's rule or reason code (why the LDU declined, for NOT_ACCEPTED); a visit's
 *               contact type (IN_PERSON when not stated), or {@link #VOIDED} for a visit's void
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

    /** The code of a VISIT milestone that voids its visit. */
    public static final String VOIDED = "VOIDED";

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

    /**
     * A revision of a visit: 0 as recorded (keyed by the visit id alone, as visits always were), then
     * each correction or void (keyed {@code visitId/revision}). Of a visit's revisions the highest stands.
     */
    public static Milestone visit(String visitId, int revision, Instant at, String hubId, VisitOutcome outcome,
            String contactType) {
        return new Milestone(Kind.VISIT, at, revision == 0 ? visitId : visitId + "/" + revision, revision, null, null,
                hubId, outcome, null, null, contactType);
    }

    public static Milestone visitVoided(String visitId, int revision, Instant voidedAt, String hubId) {
        return new Milestone(Kind.VISIT, voidedAt, visitId + "/" + revision, revision, null, null, hubId, null, null,
                null, VOIDED);
    }

    /** The visit a VISIT milestone is a revision of. */
    public String visitId() {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    public static Milestone cancelled(Instant cancelledAt, CancellationReason reason, String text) {
        return new Milestone(Kind.CANCELLED, cancelledAt, null, null, null, null, null, null, reason, text, null);
    }
}
