package uk.nhs.homefirst.referral.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.status.Progress;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * A referral as its referrer reads it back, with where it stands.
 *
 * @param status           RECEIVED, TRIAGED, ALLOCATED, VISITED or CANCELLED: the furthest stage reached,
 *                         CANCELLED first (see {@link Progress})
 * @param receivedAt       the response clock's start
 * @param statedReceivedAt the time the referrer stated, if any
 * @param clockStart       STATED when the stated time was accepted as the clock start, RECORDED otherwise
 * @param pathway          the pathway of the decision that stands, once triaged
 * @param hubId            the hub holding the referral, once allocated
 * @param discharge        a hospital's discharge-to-assess referral: awaiting discharge or discharged; null otherwise
 * @param timeline         every milestone in business-time order: received, triaged, allocated, visits, cancelled
 */
public record ReferralView(
        String id,
        String status,
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

    /**
     * One milestone. RECEIVED has its time only; TRIAGED its decision number, pathway and standard;
     * ALLOCATED its allocation number and hub; VISIT its hub and outcome; CANCELLED its reason and text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineItem(String kind, Instant at, Integer decisionNumber, String pathway, String standard,
            Integer allocationNumber, String hubId, String outcome, String reason, String text) {

        static TimelineItem of(Milestone m) {
            boolean triaged = m.kind() == Milestone.Kind.TRIAGED;
            boolean allocated = m.kind() == Milestone.Kind.ALLOCATED;
            return new TimelineItem(m.kind().name(), m.at(), triaged ? m.number() : null,
                    m.pathway() == null ? null : m.pathway().name(),
                    triaged ? (m.standard() == null ? "NONE" : m.standard().name()) : null,
                    allocated ? m.number() : null, m.hubId(), m.outcome() == null ? null : m.outcome().name(),
                    m.reason() == null ? null : m.reason().name(), m.text());
        }
    }

    static ReferralView of(Referral r) {
        return of(r, TimelineEntry.of(r.id));
    }

    static ReferralView of(Referral r, List<TimelineEntry> entries) {
        List<Milestone> milestones = new ArrayList<>(r.ownMilestones());
        entries.forEach(entry -> milestones.add(entry.milestone()));
        boolean stated = r.statedReceivedAt != null && r.statedReceivedAt.equals(r.receivedAt);
        return new ReferralView(r.id.toString(), Progress.status(milestones).name(), r.receivedAt, r.recordedAt,
                r.statedReceivedAt, stated ? "STATED" : "RECORDED", r.source.name(), r.sourceSystem, r.sourceReferralId,
                r.requestedUrgency.name(), List.of(r.clinicalNeeds), new Reason(r.reasonText, r.snomedCode),
                new Patient(r.nhsNumber, r.givenName, r.familyName, r.dateOfBirth, r.postcode, r.gpPracticeOdsCode,
                        r.phone),
                new Referrer(r.referrerOdsCode, r.referrerRole.name(), r.referrerName),
                Progress.currentDecision(milestones).map(m -> m.pathway() == null ? null : m.pathway().name()).orElse(null),
                Progress.currentAllocation(milestones).map(Milestone::hubId).orElse(null),
                CancellationView.of(r),
                DischargeView.of(r),
                Progress.timeline(milestones).stream().map(TimelineItem::of).toList());
    }
}
