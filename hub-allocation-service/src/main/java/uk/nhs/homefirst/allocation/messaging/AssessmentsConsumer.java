package uk.nhs.homefirst.allocation.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.TransientRetry;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.platform.inbox.ProcessedEvents;

/**
 * Reads triage decisions from the assessments topic and allocates referrals to hubs. Idempotent by
 * CloudEvent id, and by decision number against late and repeated decisions. A record it cannot
 * read goes to assessments.dlq with the reason.
 */
@ApplicationScoped
public class AssessmentsConsumer {


    private static final String EVENT = "ReferralTriaged";

    private final ReferralCases cases;
    private final ProcessedEvents processedEvents;
    private final ObjectMapper json;
    private final TransientRetry retry;

    AssessmentsConsumer(ReferralCases cases, ProcessedEvents processedEvents, ObjectMapper json, TransientRetry retry) {
        this.retry = retry;
        this.cases = cases;
        this.processedEvents = processedEvents;
        this.json = json;
    }

    @Incoming("assessments")
    @Blocking
    public void onAssessment(ConsumerRecord<String, String> record) {
        // Each attempt in a transaction of its own: a database outage is waited out, not dead-lettered.
        retry.inTransaction("an assessments record", () -> applyAssessment(record));
    }

    void applyAssessment(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!ReferralTriaged.TYPE.equals(event.type())) {
            throw new PoisonRecordException("ce_type " + EventChecks.describeType(event.type())
                    + " is not an event of the assessments topic");
        }
        ReferralTriaged triaged = event.dataAs(json, ReferralTriaged.class);
        EventChecks.referralId(event, EVENT, triaged.referralId());
        EventChecks.require(triaged.decisionNumber() >= 1, EVENT, "decisionNumber", "must be 1 or more");
        EventChecks.require(triaged.pathway() != null, EVENT, "pathway", "is missing");
        EventChecks.require(triaged.receivedAt() != null, EVENT, "receivedAt", "is missing");
        EventChecks.require(triaged.decidedAt() != null, EVENT, "decidedAt", "is missing");
        if (!processedEvents.firstDelivery(AllocationConfig.CONSUMER, event.id())) {
            return;
        }
        cases.applyTriage(triaged);
    }
}
