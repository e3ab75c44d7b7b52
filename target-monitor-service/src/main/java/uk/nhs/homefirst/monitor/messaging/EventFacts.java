package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import uk.nhs.homefirst.platform.time.IsoInstantModule;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/**
 * Reads the facts the clock rules need out of the platform's events. Each event is read into a
 * record of only the fields the monitor uses, named as in the event contract (EventFactsTest reads
 * the contract's own records): the rest, and all of ReferralReceived's patient details, is skipped
 * unread. The monitor never holds patient data.
 */
public final class EventFacts {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Receipt(String referralId, Instant receivedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Cancellation(String referralId, Instant cancelledAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Decision(String referralId, int decisionNumber, Instant decidedAt, Instant receivedAt,
            ResponseStandard standard) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Allocation(String referralId, int allocationNumber, Instant allocatedAt, String hubId,
            AllocationMethod method) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Visit(String referralId, String visitId, Instant visitedAt, VisitOutcome outcome) {
    }

    private final ObjectMapper json;
    /** Hub ids are few: one String each, not one per allocation held. */
    private final Map<String, String> hubs = new ConcurrentHashMap<>();

    public EventFacts(ObjectMapper json) {
        // Millions of instants are read while replaying: the fast codec of their common form, and a
        // shared buffer pool rather than a thread-local one.
        ObjectMapper reader = json.copy().registerModule(new IsoInstantModule());
        reader.getFactory().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
        this.json = reader;
    }

    /**
     * The fact a record's event carries, empty for an event type the monitor does not count, or a
     * {@link PoisonRecordException} naming what makes it unreadable.
     */
    public Optional<Fact> from(ConsumerRecord<String, byte[]> record) {
        String type = IncomingEvent.typeOf(record);
        byte[] data = record.value();
        return switch (type) {
            case ReferralReceived.TYPE -> {
                Receipt r = IncomingEvent.dataAs(json, data, Receipt.class);
                yield Optional.of(new Fact.Received(required(r.referralId(), "referralId"),
                        required(r.receivedAt(), "receivedAt")));
            }
            case ReferralCancelled.TYPE -> {
                Cancellation c = IncomingEvent.dataAs(json, data, Cancellation.class);
                yield Optional.of(new Fact.Cancelled(required(c.referralId(), "referralId"),
                        required(c.cancelledAt(), "cancelledAt")));
            }
            case ReferralTriaged.TYPE -> {
                Decision t = IncomingEvent.dataAs(json, data, Decision.class);
                if (t.decisionNumber() < 1) {
                    throw new PoisonRecordException("field 'decisionNumber' must be 1 or more");
                }
                yield Optional.of(new Fact.Decided(required(t.referralId(), "referralId"), t.decisionNumber(),
                        required(t.decidedAt(), "decidedAt"), required(t.receivedAt(), "receivedAt"), t.standard()));
            }
            case ReferralAllocated.TYPE -> {
                Allocation a = IncomingEvent.dataAs(json, data, Allocation.class);
                if (a.allocationNumber() < 1) {
                    throw new PoisonRecordException("field 'allocationNumber' must be 1 or more");
                }
                yield Optional.of(new Fact.Allocated(required(a.referralId(), "referralId"), a.allocationNumber(),
                        required(a.allocatedAt(), "allocatedAt"), hubs.computeIfAbsent(required(a.hubId(), "hubId"), h -> h),
                        required(a.method(), "method")));
            }
            case VisitRecorded.TYPE -> {
                Visit v = IncomingEvent.dataAs(json, data, Visit.class);
                yield Optional.of(new Fact.Visited(required(v.referralId(), "referralId"),
                        required(v.visitId(), "visitId"), required(v.visitedAt(), "visitedAt"),
                        required(v.outcome(), "outcome")));
            }
            default -> throw new PoisonRecordException("unknown event type '" + type + "' on " + record.topic());
        };
    }

    private static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        return value;
    }
}
