package uk.nhs.homefirst.events.read;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import uk.nhs.homefirst.events.Topics;

/**
 * The one dead-letter policy of the platform. A record that no consumer can apply goes to
 * {@code <topic>.dlq} as a pointer to itself, never a copy: the dead letter carries where the
 * record is (topic, partition, offset), its event id and type where they are well-formed, which
 * consumer refused it and why. It has no value, on every topic: a record of referrals carries
 * patient data, and a record on another topic may carry it by mistake. An operator reads the record
 * itself where the headers say, while the topic retains it.
 *
 * <p>The key is the record's key only when that is a well-formed referral id (or hub id on
 * target-alerts), so that a dead letter of one referral stays in order with its others, and a
 * malformed key, which could be anything, is not repeated.
 */
public final class DeadLetter {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String EVENT_ID = "dead-letter-event-id";
    public static final String EVENT_TYPE = "dead-letter-event-type";
    /** The consumer that refused the record, such as {@code triage-service}: a topic may have several. */
    public static final String CONSUMER = "dead-letter-consumer";

    private DeadLetter() {
    }

    /** The dead-letter topic of a topic. */
    public static String topicOf(String topic) {
        return topic + Topics.DEAD_LETTER_SUFFIX;
    }

    /** The dead letter of a poison record that {@code consumer} refused. */
    public static ProducerRecord<String, byte[]> of(Reading.Poison poison, String consumer) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(topicOf(poison.origin().topic()), poison.key(),
                null);
        header(letter, REASON, poison.reason());
        header(letter, TOPIC, poison.origin().topic());
        header(letter, PARTITION, String.valueOf(poison.origin().partition()));
        header(letter, OFFSET, String.valueOf(poison.origin().offset()));
        if (poison.eventId() != null) {
            header(letter, EVENT_ID, poison.eventId());
        }
        if (poison.type() != null) {
            header(letter, EVENT_TYPE, poison.type().ceType());
        }
        header(letter, CONSUMER, consumer);
        return letter;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
