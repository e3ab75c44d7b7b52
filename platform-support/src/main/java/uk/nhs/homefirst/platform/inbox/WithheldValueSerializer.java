package uk.nhs.homefirst.platform.inbox;

import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializer of {@code referrals.dlq}: every value becomes no value at all. Records on the
 * referrals topic carry patient data, and no other topic may. So a dead letter of one keeps its key
 * (the referral id), the record's CloudEvent headers and the dead-letter headers (the reason, and
 * {@code dead-letter-topic}, {@code -partition} and {@code -offset}, which say where the record
 * itself is still to be read), but not its content.
 */
public final class WithheldValueSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object value) {
        return null;
    }
}
