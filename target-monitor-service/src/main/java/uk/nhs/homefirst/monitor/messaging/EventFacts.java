package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import uk.nhs.homefirst.platform.time.IsoInstantModule;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/**
 * Reads the facts the clock rules need out of the platform's events. From ReferralReceived it
 * takes the referral id and receipt time only: the monitor never holds patient data.
 */
public final class EventFacts {

    /** The part of ReferralReceived the monitor reads; the patient's details are skipped unread. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Receipt(String referralId, Instant receivedAt) {
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
     * The fact an event carries, empty for an event type the monitor does not count, or a
     * {@link PoisonRecordException} naming what makes it unreadable.
     */
    public Optional<Fact> from(IncomingEvent event) {
        return switch (event.type()) {
            case ReferralReceived.TYPE -> {
                Receipt r = event.dataAs(json, Receipt.class);
                yield Optional.of(new Fact.Received(required(r.referralId(), "referralId"),
                        required(r.receivedAt(), "receivedAt")));
            }
            case ReferralCancelled.TYPE -> {
                ReferralCancelled c = event.dataAs(json, ReferralCancelled.class);
                yield Optional.of(new Fact.Cancelled(required(c.referralId(), "referralId"),
                        required(c.cancelledAt(), "cancelledAt")));
            }
            case ReferralTriaged.TYPE -> {
                ReferralTriaged t = event.dataAs(json, ReferralTriaged.class);
                if (t.decisionNumber() < 1) {
                    throw new PoisonRecordException("field 'decisionNumber' must be 1 or more");
                }
                yield Optional.of(new Fact.Decided(required(t.referralId(), "referralId"), t.decisionNumber(),
                        required(t.decidedAt(), "decidedAt"), required(t.receivedAt(), "receivedAt"), t.standard()));
            }
            case ReferralAllocated.TYPE -> {
                ReferralAllocated a = event.dataAs(json, ReferralAllocated.class);
                if (a.allocationNumber() < 1) {
                    throw new PoisonRecordException("field 'allocationNumber' must be 1 or more");
                }
                yield Optional.of(new Fact.Allocated(required(a.referralId(), "referralId"), a.allocationNumber(),
                        required(a.allocatedAt(), "allocatedAt"), hubs.computeIfAbsent(required(a.hubId(), "hubId"), h -> h),
                        required(a.method(), "method")));
            }
            case VisitRecorded.TYPE -> {
                VisitRecorded v = event.dataAs(json, VisitRecorded.class);
                yield Optional.of(new Fact.Visited(required(v.referralId(), "referralId"),
                        required(v.visitId(), "visitId"), required(v.visitedAt(), "visitedAt"),
                        required(v.outcome(), "outcome")));
            }
            default -> throw new PoisonRecordException("unknown event type '" + event.type() + "' on " + event.topic());
        };
    }

    private static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        return value;
    }
}
