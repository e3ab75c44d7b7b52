package uk.nhs.homefirst.triage.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.ReferralSentBack;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.inbox.Inbox;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.triage.decision.HubSendBack;
import uk.nhs.homefirst.triage.decision.Triage;

/**
 * Reads the allocations topic for the referrals hubs send back to their LDU (ReferralSentBack), as
 * {@link ReferralsConsumer} reads referrals: through the platform's {@link Inbox}, each event read with
 * the contract's reader and applied once by its id, a batch per transaction; a record that cannot be read,
 * or a send-back of a referral triage has no case for, goes to {@code allocations.dlq} with its reason; a
 * database fault is waited out with backoff. The topic's other events (allocations, closures) are passed over.
 */
@ApplicationScoped
public class AllocationsConsumer {

    private static final Set<EventType> APPLIED = Set.of(EventType.REFERRAL_SENT_BACK);

    private final Triage triage;
    private final Inbox inbox;

    AllocationsConsumer(Triage triage, Inbox inbox) {
        this.triage = triage;
        this.inbox = inbox;
    }

    @Incoming("allocations")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        inbox.apply(ReferralsConsumer.CONSUMER, records, APPLIED, new Inbox.Handler() {
            private Triage.Known known;

            @Override
            public void prepare(List<Reading.Event> events) {
                known = triage.known(events.stream().map(event -> UUID.fromString(event.key())).toList());
            }

            @Override
            public void apply(Reading.Event event) {
                ReferralSentBack sent = event.data(ReferralSentBack.class);
                if (triage.hubSentBack(sendBack(sent), known).isEmpty()) {
                    // Triage decided every referral a hub holds: one it does not know is not this platform's.
                    throw new PoisonRecordException("triage-service has no case for the referral it names");
                }
            }
        });
    }

    static HubSendBack sendBack(ReferralSentBack event) {
        return new HubSendBack(UUID.fromString(event.referralId()), event.hubId(), event.reasonCode().name(),
                event.sentBackAt(), event.sentBackBy());
    }
}
