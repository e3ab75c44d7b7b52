package uk.nhs.homefirst.platform.inbox;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.platform.time.IsoInstant;

/**
 * A CloudEvent read from a Kafka record in binary mode: the attributes from the {@code ce_} headers,
 * the data from the value.
 */
public record IncomingEvent(String id, String type, String source, Instant time, String subject, String topic,
        String key, String data) {

    /** Reads the CloudEvent attributes, or throws {@link PoisonRecordException} naming the one missing. */
    public static IncomingEvent from(ConsumerRecord<String, String> record) {
        String id = required(record, CloudEventHeaders.ID);
        String type = required(record, CloudEventHeaders.TYPE);
        String source = required(record, CloudEventHeaders.SOURCE);
        String time = header(record, CloudEventHeaders.TIME);
        Instant parsedTime;
        try {
            parsedTime = time == null ? null : IsoInstant.parse(time);
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException("header " + CloudEventHeaders.TIME + " is not an RFC 3339 time");
        }
        if (record.value() == null || record.value().isBlank()) {
            throw new PoisonRecordException("the record has no data");
        }
        return new IncomingEvent(id, type, source, parsedTime, header(record, CloudEventHeaders.SUBJECT),
                record.topic(), record.key(), record.value());
    }

    /**
     * The data as the given event record. A reason for failure names the field and the problem,
     * never the value.
     */
    public <T> T dataAs(ObjectMapper json, Class<T> eventType) {
        try {
            T event = json.readValue(data, eventType);
            if (event == null) {
                throw new PoisonRecordException("the data is JSON null, not a " + eventType.getSimpleName());
            }
            return event;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new PoisonRecordException("the data does not fit " + eventType.getSimpleName()
                    + (field.isEmpty() ? "" : " at field '" + field + "'") + " (" + kind(e) + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new PoisonRecordException("the data is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    private static String kind(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException invalid) {
            return "not a valid " + invalid.getTargetType().getSimpleName();
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatched
                && mismatched.getTargetType() != null) {
            return "expected " + mismatched.getTargetType().getSimpleName();
        }
        return e.getClass().getSimpleName();
    }

    private static String required(ConsumerRecord<String, String> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("header " + name + " is missing: not a CloudEvent in binary mode");
        }
        return value;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
