package uk.nhs.homefirst.monitor.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;
import uk.nhs.homefirst.events.time.IsoInstant;

/** The records the topology sends: its own, CloudEvents, and pointers to records diverted with a reason. */
final class Envelopes {

    /** The consumer named on its dead letters and late events. */
    static final String CONSUMER = "target-monitor-service";

    private Envelopes() {
    }

    /** A record of the topology's own topics: no headers of the event that caused it. */
    static Record<String, Outgoing> own(Outgoing.Destination to, String key, Object value, Instant time) {
        return new Record<>(key, new Outgoing(to, value), time.toEpochMilli(), new RecordHeaders());
    }

    /** An event for target-alerts, as a CloudEvent 1.0 in binary mode keyed by hub id. */
    static Record<String, Outgoing> event(String source, String type, String hubId, Object data, Instant time) {
        return cloudEvent(Outgoing.Destination.TARGET_ALERTS, source, type, hubId, data, time);
    }

    /** A CloudEvent 1.0 in binary mode, keyed by (and about) {@code subject}: a hub id or a referral id. */
    static Record<String, Outgoing> cloudEvent(Outgoing.Destination to, String source, String type, String subject,
            Object data, Instant time) {
        byte[] json;
        try {
            json = MonitorSerdes.JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a " + type, e);
        }
        Headers headers = new RecordHeaders();
        CloudEventHeaders.write(headers, TimeOrderedUuid.next().toString(), type, source, IsoInstant.format(time), subject);
        return new Record<>(subject, new Outgoing(to, json), time.toEpochMilli(), headers);
    }

    /**
     * A record sent elsewhere as the platform's dead-letter policy has it: a pointer to the record
     * (topic, partition, offset, event id and type) with the reason, never a copy of it.
     */
    static Record<String, Outgoing> diverted(Outgoing.Destination to, Reading.Poison poison, long timestamp) {
        ProducerRecord<String, byte[]> letter = DeadLetter.of(poison, CONSUMER);
        return new Record<>(letter.key(), new Outgoing(to, null), timestamp, letter.headers());
    }
}
