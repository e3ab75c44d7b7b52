package uk.nhs.homefirst.triage.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.TransientRetry;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.platform.inbox.ProcessedEvents;
import uk.nhs.homefirst.triage.decision.Triage;

/**
 * Reads the referrals topic. Each event is applied once: its id is recorded in the transaction of
 * its effect. A record that cannot be read goes to {@code referrals.dlq} with the reason, and the
 * consumer carries on. Records on this topic carry patient data, so nothing of their content is
 * logged.
 */
@ApplicationScoped
public class ReferralsConsumer {


    static final String CONSUMER = "triage-service";

    private static final Logger LOG = Logger.getLogger(ReferralsConsumer.class);
    private static final int MAX_TYPE_IN_REASON = 120;

    private final Triage triage;
    private final ProcessedEvents processedEvents;
    private final ObjectMapper json;
    private final TransientRetry retry;

    ReferralsConsumer(Triage triage, ProcessedEvents processedEvents, ObjectMapper json, TransientRetry retry) {
        this.retry = retry;
        this.triage = triage;
        this.processedEvents = processedEvents;
        this.json = json;
    }

    @Incoming("referrals")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        // Each attempt in a transaction of its own: a database outage is waited out, not dead-lettered.
        retry.inTransaction("a referrals record", () -> apply(record));
    }

    void apply(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case ReferralReceived.TYPE -> {
                var referral = ReferralEventReader.received(event.dataAs(json, ReferralReceived.class), event.key());
                if (firstDelivery(event)) {
                    triage.receive(referral);
                }
            }
            case ReferralCancelled.TYPE -> {
                var cancellation = ReferralEventReader.cancelled(event.dataAs(json, ReferralCancelled.class), event.key());
                if (firstDelivery(event)) {
                    triage.cancel(cancellation);
                }
            }
            default -> throw new PoisonRecordException("unknown event type " + abbreviate(event.type()));
        }
    }

    private boolean firstDelivery(IncomingEvent event) {
        if (processedEvents.firstDelivery(CONSUMER, event.id())) {
            return true;
        }
        LOG.infof("Event %s (%s) was applied before; the redelivery changes nothing", event.id(), event.type());
        return false;
    }

    private static String abbreviate(String type) {
        return type.length() <= MAX_TYPE_IN_REASON ? type : type.substring(0, MAX_TYPE_IN_REASON) + "...";
    }
}
