package uk.nhs.homefirst.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;

/**
 * The CloudEvent type of a record, judged as {@link IncomingEvent#typeOf} judges it, without making a
 * string of every attribute or parsing {@code ce_time} into an instant: a replay reads the headers of
 * every event again, and the monitor needs only the type. The common case (attributes in ASCII, the
 * type one of the monitor's, the time in the form {@code 2026-11-23T08:00:00Z}) is decided here on
 * the bytes; anything else is handed to {@link IncomingEvent#typeOf}, whose answer or error stands.
 */
final class CloudEventType {

    private final byte[][] known;
    private final String[] names;

    CloudEventType(List<String> types) {
        this.names = types.toArray(String[]::new);
        this.known = types.stream().map(type -> type.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /**
     * The record's {@code ce_type}, after {@code ce_id}, {@code ce_type} and {@code ce_source} were found
     * present and {@code ce_time} (if any) an RFC 3339 time; otherwise a
     * {@link uk.nhs.homefirst.platform.inbox.PoisonRecordException} naming what is wrong.
     */
    String of(ConsumerRecord<String, ?> record) {
        String known = decidedOnTheBytes(record);
        return known != null ? known : IncomingEvent.typeOf(record);
    }

    /** The type, when the record is of the common case; null when IncomingEvent must judge it. */
    String decidedOnTheBytes(ConsumerRecord<String, ?> record) {
        Header id = null;
        Header type = null;
        Header source = null;
        Header time = null;
        for (Header header : record.headers()) {
            // The last of each name counts, as in IncomingEvent.
            switch (header.key()) {
                case CloudEventHeaders.ID -> id = header;
                case CloudEventHeaders.TYPE -> type = header;
                case CloudEventHeaders.SOURCE -> source = header;
                case CloudEventHeaders.TIME -> time = header;
                default -> {
                }
            }
        }
        return id != null && type != null && source != null && plainlyPresent(id.value())
                && plainlyPresent(source.value()) && (time == null || time.value() == null || plainTime(time.value()))
                ? knownType(type.value()) : null;
    }

    private String knownType(byte[] value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < known.length; i++) {
            if (java.util.Arrays.equals(known[i], value)) {
                return names[i];
            }
        }
        return null;
    }

    /** Surely not blank: it holds an ASCII character that is not white space (as String#isBlank sees it). */
    private static boolean plainlyPresent(byte[] value) {
        if (value == null) {
            return false;
        }
        for (byte b : value) {
            if (b > ' ' && b < 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Surely an RFC 3339 time as IsoInstant reads one: the common form, every field in range. */
    private static boolean plainTime(byte[] value) {
        return EventScanner.isInstant(value, 0, value.length);
    }
}
