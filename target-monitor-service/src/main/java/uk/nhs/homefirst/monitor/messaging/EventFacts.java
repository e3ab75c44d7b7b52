package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import uk.nhs.homefirst.platform.time.IsoInstantModule;
import java.time.Instant;
import java.util.List;
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

    private static final EventScanner.Shape RECEIPT = new EventScanner.Shape(EventScanner.Field.text("referralId"),
            EventScanner.Field.instant("receivedAt"));
    private static final EventScanner.Shape CANCELLATION = new EventScanner.Shape(
            EventScanner.Field.text("referralId"), EventScanner.Field.instant("cancelledAt"));
    private static final EventScanner.Shape DECISION = new EventScanner.Shape(EventScanner.Field.text("referralId"),
            EventScanner.Field.number("decisionNumber"), EventScanner.Field.instant("decidedAt"),
            EventScanner.Field.instant("receivedAt"), EventScanner.Field.name("standard", ResponseStandard.class));
    private static final EventScanner.Shape ALLOCATION = new EventScanner.Shape(
            EventScanner.Field.text("referralId"), EventScanner.Field.number("allocationNumber"),
            EventScanner.Field.instant("allocatedAt"), EventScanner.Field.text("hubId"),
            EventScanner.Field.name("method", AllocationMethod.class));
    private static final EventScanner.Shape VISIT = new EventScanner.Shape(EventScanner.Field.text("referralId"),
            EventScanner.Field.text("visitId"), EventScanner.Field.instant("visitedAt"),
            EventScanner.Field.name("outcome", VisitOutcome.class));

    private final ObjectMapper json;
    private final CloudEventType types = new CloudEventType(List.of(ReferralReceived.TYPE, ReferralCancelled.TYPE,
            ReferralTriaged.TYPE, ReferralAllocated.TYPE, VisitRecorded.TYPE));
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
     * {@link PoisonRecordException} naming what makes it unreadable. The event is read with
     * {@link EventScanner} where it can, otherwise with Jackson; the answer is the same.
     */
    public Optional<Fact> from(ConsumerRecord<String, byte[]> record) {
        String type = types.of(record);
        byte[] data = record.value();
        String key = record.key();
        return switch (type) {
            case ReferralReceived.TYPE -> {
                Object[] v = EventScanner.scan(data, RECEIPT, key);
                yield receipt(v == null ? IncomingEvent.dataAs(json, data, Receipt.class)
                        : new Receipt((String) v[0], (Instant) v[1]));
            }
            case ReferralCancelled.TYPE -> {
                Object[] v = EventScanner.scan(data, CANCELLATION, key);
                yield cancellation(v == null ? IncomingEvent.dataAs(json, data, Cancellation.class)
                        : new Cancellation((String) v[0], (Instant) v[1]));
            }
            case ReferralTriaged.TYPE -> {
                Object[] v = EventScanner.scan(data, DECISION, key);
                yield decision(v == null ? IncomingEvent.dataAs(json, data, Decision.class)
                        : new Decision((String) v[0], (Integer) v[1], (Instant) v[2], (Instant) v[3],
                                (ResponseStandard) v[4]));
            }
            case ReferralAllocated.TYPE -> {
                Object[] v = EventScanner.scan(data, ALLOCATION, key);
                yield allocation(v == null ? IncomingEvent.dataAs(json, data, Allocation.class)
                        : new Allocation((String) v[0], (Integer) v[1], (Instant) v[2], (String) v[3],
                                (AllocationMethod) v[4]));
            }
            case VisitRecorded.TYPE -> {
                Object[] v = EventScanner.scan(data, VISIT, key);
                yield visit(v == null ? IncomingEvent.dataAs(json, data, Visit.class)
                        : new Visit((String) v[0], (String) v[1], (Instant) v[2], (VisitOutcome) v[3]));
            }
            default -> throw unknown(type, record);
        };
    }

    /** As {@link #from}, always reading the event with Jackson: what the shortcuts must agree with. */
    Optional<Fact> fromWithJackson(ConsumerRecord<String, byte[]> record) {
        String type = IncomingEvent.typeOf(record);
        byte[] data = record.value();
        return switch (type) {
            case ReferralReceived.TYPE -> receipt(IncomingEvent.dataAs(json, data, Receipt.class));
            case ReferralCancelled.TYPE -> cancellation(IncomingEvent.dataAs(json, data, Cancellation.class));
            case ReferralTriaged.TYPE -> decision(IncomingEvent.dataAs(json, data, Decision.class));
            case ReferralAllocated.TYPE -> allocation(IncomingEvent.dataAs(json, data, Allocation.class));
            case VisitRecorded.TYPE -> visit(IncomingEvent.dataAs(json, data, Visit.class));
            default -> throw unknown(type, record);
        };
    }

    private static PoisonRecordException unknown(String type, ConsumerRecord<String, byte[]> record) {
        return new PoisonRecordException("unknown event type '" + type + "' on " + record.topic());
    }

    private static Optional<Fact> receipt(Receipt r) {
        return Optional.of(new Fact.Received(required(r.referralId(), "referralId"), required(r.receivedAt(), "receivedAt")));
    }

    private static Optional<Fact> cancellation(Cancellation c) {
        return Optional.of(new Fact.Cancelled(required(c.referralId(), "referralId"),
                required(c.cancelledAt(), "cancelledAt")));
    }

    private static Optional<Fact> decision(Decision t) {
        if (t.decisionNumber() < 1) {
            throw new PoisonRecordException("field 'decisionNumber' must be 1 or more");
        }
        return Optional.of(new Fact.Decided(required(t.referralId(), "referralId"), t.decisionNumber(),
                required(t.decidedAt(), "decidedAt"), required(t.receivedAt(), "receivedAt"), t.standard()));
    }

    private Optional<Fact> allocation(Allocation a) {
        if (a.allocationNumber() < 1) {
            throw new PoisonRecordException("field 'allocationNumber' must be 1 or more");
        }
        return Optional.of(new Fact.Allocated(required(a.referralId(), "referralId"), a.allocationNumber(),
                required(a.allocatedAt(), "allocatedAt"), hubs.computeIfAbsent(required(a.hubId(), "hubId"), h -> h),
                required(a.method(), "method")));
    }

    private static Optional<Fact> visit(Visit v) {
        return Optional.of(new Fact.Visited(required(v.referralId(), "referralId"), required(v.visitId(), "visitId"),
                required(v.visitedAt(), "visitedAt"), required(v.outcome(), "outcome")));
    }

    private static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        return value;
    }
}
