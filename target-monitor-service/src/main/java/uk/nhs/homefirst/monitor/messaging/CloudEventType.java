package uk.nhs.homefirst.monitor.messaging;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;

/**
 * The CloudEvent type of a record, judged as {@link IncomingEvent#typeOf} judges it, without making a
 * string of every attribute or parsing {@code ce_time} into an instant: a replay reads the headers of
 * every event again, and the monitor needs only the type. The common case (attributes in ASCII, the
 * type one of the monitor's, the time in the form {@code 2026-11-23T08:00:00Z}) is decided here on
 * the bytes; anything else is handed to {@link IncomingEvent#typeOf}, whose answer or error stands.
 *
 * <p>The bytes are read where the Kafka client left them, in the fetched batch: a header it has
 * not been asked for yet holds its key and value as buffers over that batch, and asking for them
 * would make a string of the key and a copy of the value, for the seven headers of every event (a
 * tenth of a replay's reading). That is the client's private state, so it is looked at only when it
 * is there as expected; otherwise the header is asked as usual, with the same answer.
 */
final class CloudEventType {

    private static final byte[] ID = ascii(CloudEventHeaders.ID);
    private static final byte[] TYPE = ascii(CloudEventHeaders.TYPE);
    private static final byte[] SOURCE = ascii(CloudEventHeaders.SOURCE);
    private static final byte[] TIME = ascii(CloudEventHeaders.TIME);
    private static final VarHandle KEY_BUFFER = bufferField("keyBuffer");
    private static final VarHandle VALUE_BUFFER = bufferField("valueBuffer");

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
            ByteBuffer key = buffer(KEY_BUFFER, header);
            if (key != null) {
                if (is(key, ID)) {
                    id = header;
                } else if (is(key, TYPE)) {
                    type = header;
                } else if (is(key, SOURCE)) {
                    source = header;
                } else if (is(key, TIME)) {
                    time = header;
                }
                continue;
            }
            switch (header.key()) {
                case CloudEventHeaders.ID -> id = header;
                case CloudEventHeaders.TYPE -> type = header;
                case CloudEventHeaders.SOURCE -> source = header;
                case CloudEventHeaders.TIME -> time = header;
                default -> {
                }
            }
        }
        if (id == null || type == null || source == null || !plainlyPresent(id) || !plainlyPresent(source)) {
            return null;
        }
        return time == null || plainTime(time) ? knownType(type) : null;
    }

    private String knownType(Header header) {
        ByteBuffer buffer = buffer(VALUE_BUFFER, header);
        if (buffer != null) {
            for (int i = 0; i < known.length; i++) {
                if (is(buffer, known[i])) {
                    return names[i];
                }
            }
            return null;
        }
        byte[] value = header.value();
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
    private static boolean plainlyPresent(Header header) {
        ByteBuffer buffer = buffer(VALUE_BUFFER, header);
        if (buffer != null) {
            return plainlyPresent(buffer.array(), start(buffer), end(buffer));
        }
        byte[] value = header.value();
        return value != null && plainlyPresent(value, 0, value.length);
    }

    private static boolean plainlyPresent(byte[] value, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = value[i];
            if (b > ' ' && b < 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Surely an RFC 3339 time as IsoInstant reads one (the common form, every field in range), or absent. */
    private static boolean plainTime(Header header) {
        ByteBuffer buffer = buffer(VALUE_BUFFER, header);
        if (buffer != null) {
            return EventScanner.isInstant(buffer.array(), start(buffer), end(buffer));
        }
        byte[] value = header.value();
        return value == null || EventScanner.isInstant(value, 0, value.length);
    }

    /**
     * The header's key or value still as the buffer over the fetched batch that the Kafka client keeps
     * until asked for it, when there is one over an array; otherwise null, and the header is asked.
     */
    private static ByteBuffer buffer(VarHandle field, Header header) {
        if (field == null || !(header instanceof RecordHeader)) {
            return null;
        }
        ByteBuffer buffer = (ByteBuffer) field.get((RecordHeader) header);
        return buffer != null && buffer.hasArray() ? buffer : null;
    }

    private static int start(ByteBuffer buffer) {
        return buffer.arrayOffset() + buffer.position();
    }

    private static int end(ByteBuffer buffer) {
        return buffer.arrayOffset() + buffer.limit();
    }

    /** Whether the buffer holds exactly these bytes; it is not moved. */
    private static boolean is(ByteBuffer buffer, byte[] expected) {
        int start = start(buffer);
        return buffer.remaining() == expected.length
                && java.util.Arrays.equals(buffer.array(), start, start + expected.length, expected, 0, expected.length);
    }

    /** Whether the headers of fetched records are read where they lie (this Kafka client keeps them as expected). */
    static boolean readsFetchedBytes() {
        return KEY_BUFFER != null && VALUE_BUFFER != null;
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    /** A private field of the Kafka client's headers, or null when this client version has none such. */
    private static VarHandle bufferField(String name) {
        try {
            return MethodHandles.privateLookupIn(RecordHeader.class, MethodHandles.lookup())
                    .findVarHandle(RecordHeader.class, name, ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
