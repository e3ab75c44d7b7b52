package uk.nhs.homefirst.referral.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.status.SendBackReasons;
import uk.nhs.homefirst.referral.status.DeclineReasons;
import uk.nhs.homefirst.referral.status.EpisodeOutcomes;
import uk.nhs.homefirst.referral.status.Progress;
import uk.nhs.homefirst.referral.status.StatusSummary;
import uk.nhs.homefirst.referral.store.ReferralStatus;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * A referral as its referrer reads it back, with where it stands.
 *
 * @param status           RECEIVED, TRIAGED, DECLINED, ALLOCATED, VISITED, SENT_BACK, CANCELLED or CLOSED: the
 *                         furthest stage reached, CANCELLED or CLOSED first (see {@link Progress})
 * @param statusChangedAt  the business time of the last change of status, pathway, hub or first visit; null while
 *                         RECEIVED
 * @param receivedAt       the response clock's start
 * @param statedReceivedAt the time the referrer stated, if any
 * @param clockStart       STATED when the stated time was accepted as the clock start, RECORDED otherwise
 * @param pathway          the pathway of the decision that stands, once triaged
 * @param hubId            the hub holding the referral, once allocated; null while sent back
 * @param decline          why the LDU declined it, while the decision that stands is NOT_ACCEPTED; null otherwise
 * @param firstVisit       the first visit that saw the patient (ATTENDED); null before
 * @param sentBack         why and when the hub sent it back to its LDU, while SENT_BACK; null otherwise
 * @param closure          how and when the episode of care ended, once CLOSED; null otherwise
 * @param discharge        a hospital's discharge-to-assess referral: awaiting discharge or discharged; null otherwise
 * @param timeline         every milestone in business-time order: received, triaged, allocated, visits, cancelled,
 *                         closed
 */
public record ReferralView(
        String id,
        String status,
        Instant statusChangedAt,
        Instant receivedAt,
        Instant recordedAt,
        Instant statedReceivedAt,
        String clockStart,
        String source,
        String sourceSystem,
        String sourceReferralId,
        String requestedUrgency,
        List<String> clinicalNeeds,
        Reason reason,
        Patient patient,
        Referrer referrer,
        String pathway,
        String hubId,
        Decline decline,
        FirstVisit firstVisit,
        SentBack sentBack,
        Closure closure,
        CancellationView cancellation,
        DischargeView discharge,
        List<TimelineItem> timeline) {

    public record Reason(String text, String snomedCode) {
    }

    public record Patient(String nhsNumber, String givenName, String familyName, LocalDate dateOfBirth, String postcode,
            String gpPracticeOdsCode, String phone) {
    }

    public record Referrer(String organisationOdsCode, String role, String name) {
    }

    /** The LDU's reason code, and what the referrer can do about it. */
    public record Decline(String reasonCode, String reason, Instant decidedAt) {
    }

    public record FirstVisit(Instant at, String hubId) {
    }

    /** The send-back's reason code and what it means for the referrer, the hub that let go, and when. */
    public record SentBack(String reasonCode, String reason, String hubId, Instant sentBackAt) {
    }

    /** The episode's outcome code and its words, the day it happened, when hub staff recorded it and which hub. */
    public record Closure(String outcome, String description, LocalDate outcomeDate, Instant closedAt, String hubId) {
    }

    /**
     * One milestone. RECEIVED has its time only; TRIAGED its decision number, pathway, standard and rule
     * or reason code;
     * ALLOCATED its allocation number and hub; SENT_BACK the allocation number released, the hub and the reason code;
 * VISIT its hub and outcome; CANCELLED its reason and text; CLOSED
     * its pathway, hub, outcome (the episode's) and outcome date.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineItem(String kind, Instant at, Integer decisionNumber, String pathway, String standard,
            Integer allocationNumber, String hubId, String outcome, String reason, String text, LocalDate outcomeDate) {

        static TimelineItem of(Milestone m) {
            boolean triaged = m.kind() == Milestone.Kind.TRIAGED;
            boolean allocated = m.kind() == Milestone.Kind.ALLOCATED;
            boolean closed = m.kind() == Milestone.Kind.CLOSED;
            boolean sentBack = m.kind() == Milestone.Kind.SENT_BACK;
            return new TimelineItem(m.kind().name(), m.at(), triaged ? m.number() : null,
                    m.pathway() == null ? null : m.pathway().name(),
                    triaged ? (m.standard() == null ? "NONE" : m.standard().name()) : null,
                    allocated || sentBack ? m.number() : null, m.hubId(),
                    closed ? m.code() : m.outcome() == null ? null : m.outcome().name(),
                    m.reason() != null ? m.reason().name()
                            : triaged || sentBack || Milestone.VOIDED.equals(m.code()) ? m.code() : null,
                    m.text(), m.date());
        }
    }

    static ReferralView of(Referral r) {
        return of(r, TimelineEntry.of(r.id));
    }

    static ReferralView of(Referral r, List<TimelineEntry> entries) {
        List<Milestone> milestones = new ArrayList<>(r.ownMilestones());
        entries.forEach(entry -> milestones.add(entry.milestone()));
        boolean stated = r.statedReceivedAt != null && r.statedReceivedAt.equals(r.receivedAt);
        StatusSummary summary = Progress.summary(milestones);
        Decline decline = summary.status() != ReferralStatus.DECLINED ? null
                : new Decline(summary.reasonCode(), DeclineReasons.words(summary.reasonCode()),
                        Progress.currentDecision(milestones).map(Milestone::at).orElse(null));
        FirstVisit firstVisit = Progress.firstVisit(milestones).map(m -> new FirstVisit(m.at(), m.hubId())).orElse(null);
        SentBack sentBack = summary.status() != ReferralStatus.SENT_BACK ? null : Progress.standingSendBack(milestones)
                .map(m -> new SentBack(m.code(), SendBackReasons.words(m.code()), m.hubId(), m.at())).orElse(null);
        Closure closure = summary.status() != ReferralStatus.CLOSED ? null : Progress.closure(milestones)
                .map(m -> new Closure(m.code(), EpisodeOutcomes.words(m.code()), m.date(), m.at(), m.hubId())).orElse(null);
        return new ReferralView(r.id.toString(), summary.status().name(), r.statusChangedAt, r.receivedAt, r.recordedAt,
                r.statedReceivedAt, stated ? "STATED" : "RECORDED", r.source.name(), r.sourceSystem, r.sourceReferralId,
                r.requestedUrgency.name(), List.of(r.clinicalNeeds), new Reason(r.reasonText, r.snomedCode),
                new Patient(r.nhsNumber, r.givenName, r.familyName, r.dateOfBirth, r.postcode, r.gpPracticeOdsCode,
                        r.phone),
                new Referrer(r.referrerOdsCode, r.referrerRole.name(), r.referrerName),
                summary.pathway() == null ? null : summary.pathway().name(),
                summary.hubId(),
                decline,
                firstVisit,
                sentBack,
                closure,
                CancellationView.of(r),
                DischargeView.of(r),
                Progress.timeline(milestones).stream().map(TimelineItem::of).toList());
    }
}
