package uk.nhs.homefirst.allocation.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.TransientRetry;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.platform.inbox.ProcessedEvents;

/**
 * Reads the referrals topic for cancellations, which take a referral off its hub's caseload. This
 * topic carries patient identifiers: ReferralReceived is not even parsed, a cancellation is reduced
 * to its id, time and reason code, and nothing of a record's data is logged.
 */
@ApplicationScoped
public class ReferralsConsumer {


    private static final String EVENT = "ReferralCancelled";

    private final ReferralCases cases;
    private final ProcessedEvents processedEvents;
    private final ObjectMapper json;
    private final TransientRetry retry;

    ReferralsConsumer(ReferralCases cases, ProcessedEvents processedEvents, ObjectMapper json, TransientRetry retry) {
        this.retry = retry;
        this.cases = cases;
        this.processedEvents = processedEvents;
        this.json = json;
    }

    @Incoming("referrals")
    @Blocking
    public void onReferral(ConsumerRecord<String, String> record) {
        // Each attempt in a transaction of its own: a database outage is waited out, not dead-lettered.
        retry.inTransaction("a referrals record", () -> applyReferral(record));
    }

    void applyReferral(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (ReferralReceived.TYPE.equals(event.type())) {
            // Triage tells this service all it needs about a new referral, without patient data.
            return;
        }
        if (!ReferralCancelled.TYPE.equals(event.type())) {
            throw new PoisonRecordException("ce_type " + EventChecks.describeType(event.type())
                    + " is not an event of the referrals topic");
        }
        ReferralCancelled cancelled = event.dataAs(json, ReferralCancelled.class);
        EventChecks.referralId(event, EVENT, cancelled.referralId());
        EventChecks.require(cancelled.cancelledAt() != null, EVENT, "cancelledAt", "is missing");
        EventChecks.require(cancelled.reason() != null, EVENT, "reason", "is missing");
        if (!processedEvents.firstDelivery(AllocationConfig.CONSUMER, event.id())) {
            return;
        }
        cases.cancel(cancelled);
    }
}
