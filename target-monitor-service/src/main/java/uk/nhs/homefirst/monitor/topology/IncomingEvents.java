package uk.nhs.homefirst.monitor.topology;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
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
 * The one place the monitor reads the platform's events: a record of the four input topics becomes
 * the fact the clock rules need, or a {@link PoisonRecordException} naming what makes it unreadable
 * (never a value). Each event is read into a record of only the fields the monitor uses, named as in
 * the event contract: the rest, and all of ReferralReceived's patient details, is skipped unread.
 */
public final class IncomingEvents {

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

    public IncomingEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The fact a record states. Its CloudEvent attributes must be present and its type one the
     * monitor reads; its data must hold every field the monitor uses, and name the referral of the
     * record's key.
     */
    public Fact read(ConsumerRecord<String, byte[]> record) {
        String type = IncomingEvent.typeOf(record);
        byte[] data = record.value();
        Fact fact = switch (type) {
            case ReferralReceived.TYPE -> {
                Receipt r = IncomingEvent.dataAs(json, data, Receipt.class);
                yield new Fact.Received(required(r.referralId(), "referralId"), required(r.receivedAt(), "receivedAt"));
            }
            case ReferralCancelled.TYPE -> {
                Cancellation c = IncomingEvent.dataAs(json, data, Cancellation.class);
                yield new Fact.Cancelled(required(c.referralId(), "referralId"), required(c.cancelledAt(), "cancelledAt"));
            }
            case ReferralTriaged.TYPE -> {
                Decision d = IncomingEvent.dataAs(json, data, Decision.class);
                if (d.decisionNumber() < 1) {
                    throw new PoisonRecordException("field 'decisionNumber' must be 1 or more");
                }
                yield new Fact.Decided(required(d.referralId(), "referralId"), d.decisionNumber(),
                        required(d.decidedAt(), "decidedAt"), required(d.receivedAt(), "receivedAt"), d.standard());
            }
            case ReferralAllocated.TYPE -> {
                Allocation a = IncomingEvent.dataAs(json, data, Allocation.class);
                if (a.allocationNumber() < 1) {
                    throw new PoisonRecordException("field 'allocationNumber' must be 1 or more");
                }
                yield new Fact.Allocated(required(a.referralId(), "referralId"), a.allocationNumber(),
                        required(a.allocatedAt(), "allocatedAt"), required(a.hubId(), "hubId"),
                        required(a.method(), "method"));
            }
            case VisitRecorded.TYPE -> {
                Visit v = IncomingEvent.dataAs(json, data, Visit.class);
                yield new Fact.Visited(required(v.referralId(), "referralId"), required(v.visitId(), "visitId"),
                        required(v.visitedAt(), "visitedAt"), required(v.outcome(), "outcome"));
            }
            default -> throw new PoisonRecordException("unknown event type '" + type + "' on " + record.topic());
        };
        // A record keyed by another referral sits on another referral's partition: its history is not here.
        if (!fact.referralId().equals(record.key())) {
            throw new PoisonRecordException("the record's key is not the referralId of its data");
        }
        return fact;
    }

    private static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        return value;
    }
}
