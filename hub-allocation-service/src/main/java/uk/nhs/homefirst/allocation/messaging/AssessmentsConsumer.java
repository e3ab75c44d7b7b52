package uk.nhs.homefirst.allocation.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.inbox.Inbox;

/**
 * Reads triage decisions from the assessments topic, a batch per poll, and allocates referrals to
 * hubs, through the platform's {@link Inbox}: idempotent by CloudEvent id, the batch in one
 * transaction, a record it cannot read dead-lettered to assessments.dlq with the reason, a database
 * fault waited out. Idempotent by decision number too, against late and repeated decisions.
 */
@ApplicationScoped
public class AssessmentsConsumer {

    private static final Set<EventType> APPLIED = Set.of(EventType.REFERRAL_TRIAGED);

    private final ReferralCases cases;
    private final Inbox inbox;

    AssessmentsConsumer(ReferralCases cases, Inbox inbox) {
        this.cases = cases;
        this.inbox = inbox;
    }

    @Incoming("assessments")
    @Blocking
    public void onAssessments(ConsumerRecords<String, String> records) {
        inbox.apply(AllocationConfig.CONSUMER, records, APPLIED, new Inbox.Handler() {
            private ReferralCases.Known known;

            @Override
            public void prepare(List<Reading.Event> events) {
                // The batch's cases, cancellations and the hubs' coverage in three statements, not a few a decision.
                known = cases.known(events.stream().map(event -> UUID.fromString(event.key())).toList());
            }

            @Override
            public void apply(Reading.Event event) {
                cases.applyTriage(event.data(ReferralTriaged.class), known);
            }
        });
    }
}
