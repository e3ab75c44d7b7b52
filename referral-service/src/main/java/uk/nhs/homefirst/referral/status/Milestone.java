package uk.nhs.homefirst.referral.status;

import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;

/**
 * One step of a referral's way through the platform, as its referrer sees it, at its business time:
 * when it was received, each triage decision, each allocation to a hub, each visit, its cancellation and
 * the closure of its episode. Only the fields of its kind are set.
 *
 * @param key    what identifies the step among those of its kind: the decision, allocation or visit id
 * @param number the decision or allocation number, 1 for the first; a send-back's, the allocation it released
 * @param code   a triage decision's rule or reason code (why the LDU declined, for NOT_ACCEPTED); a send-back's
 *               {@link uk.nhs.homefirst.events.SendBackReason}; a visit's
 *               contact type (IN_PERSON when not stated), or {@link #VOIDED} for a visit's void; a closure's
 *               {@link EpisodeOutcome}
 * @param date   a closure's outcome date (Europe/London), as hub staff stated it
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
        String code,
        LocalDate date) {

    public enum Kind {
        RECEIVED,
        TRIAGED,
        ALLOCATED,
        /** The hub holding it sent it back to its LDU (ReferralSentBack): after its allocation at the same instant. */
        SENT_BACK,
        VISIT,
        CANCELLED,
        /** Hub staff closed the episode (EpisodeClosed): last at the same instant as any other. */
        CLOSED
    }

    /** The code of a VISIT milestone that voids its visit. */
    public static final String VOIDED = "VOIDED";

    public static Milestone received(Instant at) {
        return new Milestone(Kind.RECEIVED, at, null, null, null, null, null, null, null, null, null, null);
    }

    public static Milestone triaged(String decisionId, int decisionNumber, Instant decidedAt, Pathway pathway,
            ResponseStandard standard) {
        return triaged(decisionId, decisionNumber, decidedAt, pathway, standard, null);
    }

    public static Milestone triaged(String decisionId, int decisionNumber, Instant decidedAt, Pathway pathway,
            ResponseStandard standard, String code) {
        return new Milestone(Kind.TRIAGED, decidedAt, decisionId, decisionNumber, pathway, standard, null, null, null, null,
                code, null);
    }

    public static Milestone allocated(String allocationId, int allocationNumber, Instant allocatedAt, String hubId,
            Pathway pathway) {
        return new Milestone(Kind.ALLOCATED, allocatedAt, allocationId, allocationNumber, pathway, null, hubId, null,
                null, null, null, null);
    }

    public static Milestone visit(String visitId, Instant visitedAt, String hubId, VisitOutcome outcome) {
        return new Milestone(Kind.VISIT, visitedAt, visitId, null, null, null, hubId, outcome, null, null, null, null);
    }

    /**
     * A revision of a visit: 0 as recorded (keyed by the visit id alone, as visits always were), then
     * each correction or void (keyed {@code visitId/revision}). Of a visit's revisions the highest stands.
     */
    public static Milestone visit(String visitId, int revision, Instant at, String hubId, VisitOutcome outcome,
            String contactType) {
        return new Milestone(Kind.VISIT, at, revision == 0 ? visitId : visitId + "/" + revision, revision, null, null,
                hubId, outcome, null, null, contactType, null);
    }

    public static Milestone visitVoided(String visitId, int revision, Instant voidedAt, String hubId) {
        return new Milestone(Kind.VISIT, voidedAt, visitId + "/" + revision, revision, null, null, hubId, null, null,
                null, VOIDED, null);
    }

    /** The visit a VISIT milestone is a revision of. */
    public String visitId() {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    public static Milestone cancelled(Instant cancelledAt, CancellationReason reason, String text) {
        return new Milestone(Kind.CANCELLED, cancelledAt, null, null, null, null, null, null, reason, text, null, null);
    }

    /** Hub staff sent it back to its LDU, releasing the allocation of this number; keyed by the send-back's id. */
    public static Milestone sentBack(String sendBackId, int allocationNumber, Instant sentBackAt, String hubId,
            uk.nhs.homefirst.events.SendBackReason reason) {
        return new Milestone(Kind.SENT_BACK, sentBackAt, sendBackId, allocationNumber, null, null, hubId, null, null, null,
                reason.name(), null);
    }

    /**
     * Hub staff closed the episode, at {@code closedAt} (when hub-allocation-service recorded it: its business
     * time, as the clock rules read it), keyed by that time: the same closure under a new event id adds nothing.
     */
    public static Milestone closed(Instant closedAt, String hubId, Pathway pathway, EpisodeOutcome outcome,
            LocalDate outcomeDate) {
        return new Milestone(Kind.CLOSED, closedAt, closedAt.toString(), null, pathway, null, hubId, null, null, null,
                outcome.name(), outcomeDate);
    }
}
