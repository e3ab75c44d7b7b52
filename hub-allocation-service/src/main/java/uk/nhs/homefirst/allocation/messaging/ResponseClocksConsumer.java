package uk.nhs.homefirst.allocation.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.allocation.clock.ReferralClocks;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.ResponseClockChanged;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.inbox.Inbox;

/**
 * Reads response-clocks, the target monitor's judgement of each response clock, for the caseload's
 * deadlines, through the platform's {@link Inbox}: idempotent by CloudEvent id, the batch in one
 * transaction, a record it cannot read dead-lettered to response-clocks.dlq with the reason, a
 * database fault waited out. Of two events of one clock the later {@code changedAt} stands.
 */
@ApplicationScoped
public class ResponseClocksConsumer {

    private static final Set<EventType> APPLIED = Set.of(EventType.RESPONSE_CLOCK_CHANGED);

    private final ReferralClocks clocks;
    private final Inbox inbox;

    ResponseClocksConsumer(ReferralClocks clocks, Inbox inbox) {
        this.clocks = clocks;
        this.inbox = inbox;
    }

    @Incoming("response-clocks")
    @Blocking
    public void onResponseClocks(ConsumerRecords<String, String> records) {
        // Each event is one upsert of its own clock's row, which locks no case: nothing to load first.
        inbox.apply(AllocationConfig.CONSUMER, records, APPLIED, new Inbox.Handler() {
            @Override
            public void apply(Reading.Event event) {
                clocks.apply(event.data(ResponseClockChanged.class));
            }
        });
    }
}
