package uk.nhs.homefirst.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes an event to the outbox table in the caller's transaction. The event reaches Kafka if and
 * only if that transaction commits: the database write and the publish are one atomic step.
 *
 * <p>Events of one key (one referral) reach their topic in the order their transactions committed:
 * appending takes a transaction-scoped lock on the key, so a second transaction appending for the
 * same key waits until the first one ends, and its row gets the higher id.
 */
@ApplicationScoped
public class Outbox {

    private static final String APPEND = """
            WITH key_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(?, 0)))
            INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data)
            SELECT ?, ?, ?, ?, ?, ?, ? FROM key_lock
            """;

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    Outbox(AgroalDataSource dataSource, ObjectMapper json, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay) {
        this.dataSource = dataSource;
        this.json = json;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * Appends an event. The key and the CloudEvent subject are {@code key}, the referral id on every
     * topic but target-alerts.
     *
     * @param time the CloudEvent time: when the occurrence happened
     * @return the event id, which is also its CloudEvent id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(String topic, String key, String type, Instant time, Object data) {
        UUID eventId = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(APPEND)) {
            insert.setString(1, key);
            insert.setObject(2, eventId);
            insert.setString(3, topic);
            insert.setString(4, key);
            insert.setString(5, type);
            insert.setString(6, key);
            insert.setTimestamp(7, Timestamp.from(time));
            insert.setString(8, json.writeValueAsString(data));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append a " + type + " event to the outbox", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Could not serialize a " + type + " event", e);
        }
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        return eventId;
    }

    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
