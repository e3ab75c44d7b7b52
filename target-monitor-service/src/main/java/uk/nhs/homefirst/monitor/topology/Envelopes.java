package uk.nhs.homefirst.monitor.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;
import uk.nhs.homefirst.platform.time.IsoInstant;

/** The records the topology sends: its own, CloudEvents, and records diverted with a reason. */
final class Envelopes {

    /** The dead-letter headers, as every consumer of the platform writes them. */
    static final String DEAD_LETTER = "dead-letter";
    /** The same coordinates and reason on a late event. */
    static final String LATE_EVENT = "late-event";

    private Envelopes() {
    }

    /** A record of the topology's own topics: no headers of the event that caused it. */
    static Record<String, Outgoing> own(Outgoing.Destination to, String key, Object value, Instant time) {
        return new Record<>(key, new Outgoing(to, value), time.toEpochMilli(), new RecordHeaders());
    }

    /** An event for target-alerts, as a CloudEvent 1.0 in binary mode keyed by hub id. */
    static Record<String, Outgoing> event(String source, String type, String hubId, Object data, Instant time) {
        byte[] json;
        try {
            json = MonitorSerdes.JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a " + type, e);
        }
        Headers headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.ID, TimeOrderedUuid.next().toString());
        header(headers, CloudEventHeaders.TYPE, type);
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.TIME, IsoInstant.format(time));
        header(headers, CloudEventHeaders.SUBJECT, hubId);
        header(headers, CloudEventHeaders.DATA_SCHEMA, CloudEventHeaders.DATA_SCHEMA_PREFIX + schemaName(type));
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return new Record<>(hubId, new Outgoing(Outgoing.Destination.TARGET_ALERTS, json), time.toEpochMilli(), headers);
    }

    /**
     * A record sent elsewhere with the reason, where it came from, and its own headers (its event id
     * and type among them). A record of the referrals topic carries patient data, so its value stays
     * there: the coordinates say where to read it.
     */
    static Record<String, Outgoing> diverted(Outgoing.Destination to, String prefix, Record<String, byte[]> record,
            RecordMetadata origin, String reason) {
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        header(headers, prefix + "-reason", reason);
        header(headers, prefix + "-topic", origin.topic());
        header(headers, prefix + "-partition", String.valueOf(origin.partition()));
        header(headers, prefix + "-offset", String.valueOf(origin.offset()));
        byte[] value = Topics.REFERRALS.equals(origin.topic()) ? null : record.value();
        return new Record<>(record.key(), new Outgoing(to, value), record.timestamp(), headers);
    }

    /** The record as the platform's event reader takes it. */
    static ConsumerRecord<String, byte[]> consumerRecord(Record<String, byte[]> record, RecordMetadata origin) {
        return new ConsumerRecord<>(origin.topic(), origin.partition(), origin.offset(), record.timestamp(),
                TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(), record.headers(), Optional.empty());
    }

    /** {@code uk.nhs.homefirst.ResponseAtRisk.v1} has the schema {@code ResponseAtRisk.v1}. */
    private static String schemaName(String type) {
        int versionDot = type.lastIndexOf('.');
        return type.substring(type.lastIndexOf('.', versionDot - 1) + 1);
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(UTF_8));
    }
}
