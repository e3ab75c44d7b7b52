package uk.nhs.homefirst.referral.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSentBack;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.VisitCorrected;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.VisitVoided;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.inbox.Inbox;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.status.Progress;
import uk.nhs.homefirst.referral.status.StatusSummary;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;
import uk.nhs.homefirst.referral.store.Timelines;

/**
 * Follows each referral through the platform, so that its referrer hears where it stands: triage
 * decisions from {@code assessments}, allocations, send-backs and episode closures from {@code allocations} and
 * visits, with their corrections and voids, from {@code visits}. These topics carry no patient data.
 *
 * <p>Each topic is read a batch per poll through the platform's {@link Inbox}: every record judged
 * by the contract's reader, each event applied once (its id recorded in the batch's transaction), a
 * record that cannot be read dead-lettered to {@code <topic>.dlq}, a database fault waited out. The
 * milestone is kept under its natural key (decision, allocation, send-back or visit id, closure time) too, so that the same
 * milestone under a new event id adds nothing either. Events may come in any order: the status and
 * the timeline depend on business times and stages only.
 */
@ApplicationScoped
public class StatusEventsConsumer {

    static final String CONSUMER = "referral-service";

    private static final Logger LOG = Logger.getLogger(StatusEventsConsumer.class);

    private final Timelines timelines;
    private final Inbox inbox;
    private final StatusChanges statusChanges;

    StatusEventsConsumer(Timelines timelines, Inbox inbox, StatusChanges statusChanges) {
        this.timelines = timelines;
        this.inbox = inbox;
        this.statusChanges = statusChanges;
    }

    @Incoming(Topics.ASSESSMENTS)
    @Blocking
    public void assessments(ConsumerRecords<String, String> records) {
        apply(Topics.ASSESSMENTS, records, Set.of(EventType.REFERRAL_TRIAGED));
    }

    /** Allocations, a hub sending one back to its LDU, and the closure of the episode: the referrer hears each. */
    @Incoming(Topics.ALLOCATIONS)
    @Blocking
    public void allocations(ConsumerRecords<String, String> records) {
        apply(Topics.ALLOCATIONS, records, Set.of(EventType.REFERRAL_ALLOCATED, EventType.REFERRAL_SENT_BACK,
                EventType.EPISODE_CLOSED));
    }

    /** Visits, their corrections and voids: what the referrer is told of its first visit depends on all three. */
    @Incoming(Topics.VISITS)
    @Blocking
    public void visits(ConsumerRecords<String, String> records) {
        apply(Topics.VISITS, records, Set.of(EventType.VISIT_RECORDED, EventType.VISIT_CORRECTED, EventType.VISIT_VOIDED));
    }

    private void apply(String topic, ConsumerRecords<String, String> records, Set<EventType> types) {
        // Recorded per topic, as this consumer has always recorded them.
        inbox.apply(CONSUMER + "/" + topic, records, types, new Batch());
    }

    /**
     * One batch's milestones: recorded and their referrals read in a few statements for the whole
     * batch ({@link #prepare}), then each event's effect worked out in memory ({@link #apply}).
     */
    private final class Batch implements Inbox.Handler {
        private Map<UUID, Referral> referrals = Map.of();
        private Map<UUID, List<Milestone>> timelines = Map.of();
        private Set<String> newMilestones = Set.of();

        @Override
        public void prepare(List<Reading.Event> events) {
            List<Timelines.Entry> entries = new ArrayList<>(events.size());
            Set<UUID> ids = new HashSet<>();
            for (Reading.Event event : events) {
                UUID referralId = UUID.fromString(event.key());
                ids.add(referralId);
                // The LDU a triage decision routed the referral to: who may read its detail follows from it.
                String ldu = event.type() == EventType.REFERRAL_TRIAGED ? event.data(ReferralTriaged.class).ldu() : null;
                entries.add(new Timelines.Entry(referralId, milestone(event), ldu, event.id()));
            }
            // The referrals' row locks make the milestones of one referral apply one batch at a time, so
            // that each recomputed status sees every milestone committed before it.
            referrals = new HashMap<>();
            Referral.lockedInOrder(ids).forEach(r -> referrals.put(r.id, r));
            boolean[] recorded = StatusEventsConsumer.this.timelines.record(entries);
            newMilestones = new HashSet<>();
            for (int i = 0; i < recorded.length; i++) {
                if (recorded[i]) {
                    newMilestones.add(entries.get(i).eventId());
                }
            }
            // The milestones recorded before this batch; apply() adds the batch's one at a time, so
            // that each event that changes where the referral stands is one status change.
            timelines = new HashMap<>();
            TimelineEntry.of(referrals.keySet()).stream().filter(entry -> !newMilestones.contains(entry.eventId))
                    .forEach(entry -> timelines.computeIfAbsent(entry.referralId, id -> new ArrayList<>())
                            .add(entry.milestone()));
        }

        @Override
        public void apply(Reading.Event event) {
            UUID referralId = UUID.fromString(event.key());
            if (!newMilestones.contains(event.id())) {
                LOG.infof("Event %s (%s) repeats a %s milestone of referral %s already recorded; it changes nothing",
                        event.id(), event.type().eventName(), milestone(event).kind(), referralId);
                return;
            }
            Referral r = referrals.get(referralId);
            if (r == null) {
                LOG.infof("Event %s (%s) is about referral %s, which this service has not stored; its milestone is kept",
                        event.id(), event.type().eventName(), referralId);
                return;
            }
            List<Milestone> recorded = timelines.computeIfAbsent(referralId, id -> new ArrayList<>());
            List<Milestone> milestones = new ArrayList<>(r.ownMilestones());
            milestones.addAll(recorded);
            StatusSummary before = Progress.summary(milestones);
            Milestone milestone = milestone(event);
            recorded.add(milestone);
            milestones.add(milestone);
            statusChanges.apply(r, before, Progress.summary(milestones), milestone.at());
        }
    }

    /** What the event says happened; the schema has made sure each field is there and well-formed. */
    static Milestone milestone(Reading.Event event) {
        return switch (event.type()) {
            case REFERRAL_TRIAGED -> {
                ReferralTriaged e = event.data(ReferralTriaged.class);
                yield Milestone.triaged(e.decisionId(), e.decisionNumber(), e.decidedAt(), e.pathway(), e.standard(), e.rule());
            }
            case REFERRAL_ALLOCATED -> {
                ReferralAllocated e = event.data(ReferralAllocated.class);
                yield Milestone.allocated(e.allocationId(), e.allocationNumber(), e.allocatedAt(), e.hubId(),
                        e.pathway());
            }
            case REFERRAL_SENT_BACK -> {
                ReferralSentBack e = event.data(ReferralSentBack.class);
                yield Milestone.sentBack(e.sendBackId(), e.allocationNumber(), e.sentBackAt(), e.hubId(), e.reasonCode());
            }
            case EPISODE_CLOSED -> {
                EpisodeClosed e = event.data(EpisodeClosed.class);
                yield Milestone.closed(e.closedAt(), e.hubId(), e.pathway(), e.outcome(), e.outcomeDate());
            }
            case VISIT_RECORDED -> {
                VisitRecorded e = event.data(VisitRecorded.class);
                yield Milestone.visit(e.visitId(), 0, e.visitedAt(), e.hubId(), e.outcome(),
                        e.contactTypeOrInPerson().name());
            }
            case VISIT_CORRECTED -> {
                VisitCorrected e = event.data(VisitCorrected.class);
                yield Milestone.visit(e.visitId(), e.revision(), e.visitedAt(), e.hubId(), e.outcome(),
                        e.contactType() == null ? ContactType.IN_PERSON.name() : e.contactType().name());
            }
            case VISIT_VOIDED -> {
                VisitVoided e = event.data(VisitVoided.class);
                yield Milestone.visitVoided(e.visitId(), e.revision(), e.voidedAt(), e.hubId());
            }
            default -> throw new IllegalArgumentException("Not a milestone: " + event.type());
        };
    }
}
