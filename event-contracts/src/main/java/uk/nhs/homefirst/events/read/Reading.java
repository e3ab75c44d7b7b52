package uk.nhs.homefirst.events.read;

import java.time.Instant;
import uk.nhs.homefirst.events.EventType;

/**
 * What {@link EventReader} made of a record: an {@link Event} of the contract, or a {@link Poison}
 * record with the reason no consumer can apply it.
 */
public sealed interface Reading permits Reading.Event, Reading.Poison {

    /** Where the record is: its topic, partition and offset. */
    Origin origin();

    /** Where a record is on the broker. */
    record Origin(String topic, int partition, long offset) {

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /**
     * A record that passed every check: a CloudEvent of a type the contract has on this topic, keyed
     * by its subject, with data that conforms to the type's schema.
     *
     * @param id   {@code ce_id}, a UUID in its canonical lower-case form: what a consumer records to apply it once
     * @param key  the record key: the referral id, or the hub id on target-alerts
     * @param data the event's record, such as a {@link uk.nhs.homefirst.events.ReferralReceived}
     */
    record Event(Origin origin, String id, EventType type, String source, Instant time, String key, Object data)
            implements Reading {

        /** The data as the record it is; a consumer asks only after checking {@link #type()}. */
        public <T> T data(Class<T> record) {
            return record.cast(data);
        }

        /**
         * This event judged poison by its consumer after reading, for a reason of its own domain
         * (which, as every reason, names fields, never values).
         */
        public Poison poison(String reason) {
            return new Poison(origin, reason, id, type, key);
        }
    }

    /**
     * A record no consumer can apply, however often it tries.
     *
     * @param reason  what is wrong, naming headers and fields, never a value: records on referrals carry patient data
     * @param eventId {@code ce_id} when it is a well-formed UUID, otherwise null
     * @param type    the event type when {@code ce_type} is one of the contract's, otherwise null
     * @param key     the record key when it is well-formed for its topic, otherwise null
     */
    record Poison(Origin origin, String reason, String eventId, EventType type, String key) implements Reading {
    }
}
