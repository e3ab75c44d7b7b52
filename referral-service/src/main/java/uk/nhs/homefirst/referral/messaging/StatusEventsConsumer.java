package uk.nhs.homefirst.referral.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.platform.inbox.ProcessedEvents;
import uk.nhs.homefirst.platform.inbox.TransientRetry;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.status.Progress;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;
import uk.nhs.homefirst.referral.store.Timelines;

/**
 * Follows each referral through the platform, so that its referrer polls one place: triage
 * decisions from {@code assessments}, allocations from {@code allocations} and visits from
 * {@code visits}. These topics carry no patient data.
 *
 * <p>Each event is applied once: its id is recorded in the transaction of its effect, and the
 * milestone is kept under its natural key (decision, allocation or visit id), so that the same
 * milestone under a new event id adds nothing either. Events may come in any order: the status and
 * the timeline depend on business times and stages only. A record that cannot be read goes to
 * {@code <topic>.dlq} with the reason, and the consumer carries on.
 */
@ApplicationScoped
public class StatusEventsConsumer {

    static final String CONSUMER = "referral-service";

    private static final Logger LOG = Logger.getLogger(StatusEventsConsumer.class);
    private static final int MAX_TYPE_IN_REASON = 120;

    private final ProcessedEvents processedEvents;
    private final Timelines timelines;
    private final ObjectMapper json;
    private final TransientRetry retry;

    StatusEventsConsumer(ProcessedEvents processedEvents, Timelines timelines, ObjectMapper json, TransientRetry retry) {
        this.processedEvents = processedEvents;
        this.timelines = timelines;
        this.json = json;
        this.retry = retry;
    }

    @Incoming(Topics.ASSESSMENTS)
    @Blocking
    public void assessments(ConsumerRecord<String, String> record) {
        retry.inTransaction("an assessments record", () -> {
            IncomingEvent event = IncomingEvent.from(record);
            expect(event, ReferralTriaged.TYPE);
            apply(event, StatusEventReader.triaged(event.dataAs(json, ReferralTriaged.class), event.key()));
        });
    }

    @Incoming(Topics.ALLOCATIONS)
    @Blocking
    public void allocations(ConsumerRecord<String, String> record) {
        retry.inTransaction("an allocations record", () -> {
            IncomingEvent event = IncomingEvent.from(record);
            expect(event, ReferralAllocated.TYPE);
            apply(event, StatusEventReader.allocated(event.dataAs(json, ReferralAllocated.class), event.key()));
        });
    }

    @Incoming(Topics.VISITS)
    @Blocking
    public void visits(ConsumerRecord<String, String> record) {
        retry.inTransaction("a visits record", () -> {
            IncomingEvent event = IncomingEvent.from(record);
            expect(event, VisitRecorded.TYPE);
            apply(event, StatusEventReader.visited(event.dataAs(json, VisitRecorded.class), event.key()));
        });
    }

    private void apply(IncomingEvent event, StatusEventReader.Reading reading) {
        if (!processedEvents.firstDelivery(CONSUMER + "/" + event.topic(), event.id())) {
            LOG.infof("Event %s (%s) was applied before; the redelivery changes nothing", event.id(), event.type());
            return;
        }
        // The referral's row lock makes the milestones of one referral apply one at a time, so that
        // each recomputed status sees every milestone committed before it.
        Optional<Referral> referral = Referral.findByIdOptional(reading.referralId(), LockModeType.PESSIMISTIC_WRITE);
        if (!timelines.record(reading.referralId(), reading.milestone(), event.id())) {
            LOG.infof("Event %s (%s) repeats a %s milestone of referral %s already recorded; it changes nothing",
                    event.id(), event.type(), reading.milestone().kind(), reading.referralId());
            return;
        }
        if (referral.isEmpty()) {
            LOG.infof("Event %s (%s) is about referral %s, which this service has not stored; its milestone is kept",
                    event.id(), event.type(), reading.referralId());
            return;
        }
        Referral r = referral.get();
        List<Milestone> milestones = new ArrayList<>(r.ownMilestones());
        TimelineEntry.of(r.id).forEach(entry -> milestones.add(entry.milestone()));
        r.status = Progress.status(milestones);
    }

    private static void expect(IncomingEvent event, String type) {
        if (!type.equals(event.type())) {
            String shown = event.type().length() <= MAX_TYPE_IN_REASON ? event.type()
                    : event.type().substring(0, MAX_TYPE_IN_REASON) + "...";
            throw new PoisonRecordException("unknown event type " + shown + " on " + event.topic());
        }
    }
}
