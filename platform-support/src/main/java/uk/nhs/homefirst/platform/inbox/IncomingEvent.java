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
        Attributes attributes = Attributes.of(record);
        if (record.value() == null || record.value().isBlank()) {
            throw new PoisonRecordException("the record has no data");
        }
        return new IncomingEvent(attributes.id, attributes.type, attributes.source, attributes.time,
                attributes.subject, record.topic(), record.key(), record.value());
    }

    /**
     * The CloudEvent type of a record whose data the caller reads itself, after the same checks as
     * {@link #from}: {@code ce_id}, {@code ce_type} and {@code ce_source} present, {@code ce_time}
     * (if any) an RFC 3339 time. Otherwise a {@link PoisonRecordException} naming what is wrong.
     */
    public static String typeOf(ConsumerRecord<String, ?> record) {
        return Attributes.of(record).type;
    }

    /** The attributes of a record's {@code ce_} headers (the last of each name), read in one pass. */
    private record Attributes(String id, String type, String source, Instant time, String subject) {

        static Attributes of(ConsumerRecord<String, ?> record) {
            String id = null;
            String type = null;
            String source = null;
            String time = null;
            String subject = null;
            for (Header header : record.headers()) {
                switch (header.key()) {
                    case CloudEventHeaders.ID -> id = text(header);
                    case CloudEventHeaders.TYPE -> type = text(header);
                    case CloudEventHeaders.SOURCE -> source = text(header);
                    case CloudEventHeaders.TIME -> time = text(header);
                    case CloudEventHeaders.SUBJECT -> subject = text(header);
                    default -> {
                    }
                }
            }
            return new Attributes(required(id, CloudEventHeaders.ID), required(type, CloudEventHeaders.TYPE),
                    required(source, CloudEventHeaders.SOURCE), time(time), subject);
        }

        private static String required(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new PoisonRecordException("header " + name + " is missing: not a CloudEvent in binary mode");
            }
            return value;
        }

        private static Instant time(String time) {
            try {
                return time == null ? null : IsoInstant.parse(time);
            } catch (DateTimeParseException e) {
                throw new PoisonRecordException("header " + CloudEventHeaders.TIME + " is not an RFC 3339 time");
            }
        }

        private static String text(Header header) {
            return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    /** As {@link #dataAs(ObjectMapper, Class)}, for data read as UTF-8 bytes. */
    public static <T> T dataAs(ObjectMapper json, byte[] data, Class<T> eventType) {
        if (data == null || isBlank(data)) {
            throw new PoisonRecordException("the record has no data");
        }
        return read(() -> json.readValue(data, eventType), eventType);
    }

    /**
     * The data as the given event record. A reason for failure names the field and the problem,
     * never the value.
     */
    public <T> T dataAs(ObjectMapper json, Class<T> eventType) {
        return read(() -> json.readValue(data, eventType), eventType);
    }

    private interface Read<T> {
        T value() throws java.io.IOException;
    }

    private static <T> T read(Read<T> read, Class<T> eventType) {
        try {
            T event = read.value();
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
        } catch (java.io.IOException e) {
            throw new PoisonRecordException("the data could not be read (" + e.getClass().getSimpleName() + ")");
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

    private static boolean isBlank(byte[] data) {
        for (byte b : data) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
