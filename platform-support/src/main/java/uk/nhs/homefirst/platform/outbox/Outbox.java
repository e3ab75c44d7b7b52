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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;
import uk.nhs.homefirst.platform.store.FlushBeforeCommit;
import uk.nhs.homefirst.events.time.IsoInstant;

/**
 * Writes an event to the outbox table in the caller's transaction. The event reaches Kafka if and
 * only if that transaction commits: the database write and the publish are one atomic step. Each
 * event is a row of {@code outbox_event}, which is never updated; the database adds a row of
 * {@code outbox_unpublished} for it (a trigger, migration V0_4), which the relay deletes once Kafka
 * has the event.
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
            RETURNING id
            """;

    // The batch form of APPEND, for a writer that commits many changes in one transaction of its own
    // (see appendAll). The keys are locked in a fixed order first, so that two such transactions
    // cannot deadlock on each other's keys, then the rows go in in the order given.
    private static final String LOCK_KEYS = """
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
              FROM (SELECT DISTINCT k FROM unnest(?::text[]) AS k ORDER BY k) AS keys
            """;
    private static final String APPEND_ALL = """
            INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data)
            SELECT e.event_id, e.topic, e.message_key, e.event_type, e.message_key, e.event_time, e.data
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
                   WITH ORDINALITY AS e(event_id, topic, message_key, event_type, event_time, data, n)
             ORDER BY e.n
            RETURNING id, event_id
            """;

    /** The transaction's resource holding its deferred events. */
    private static final Object DEFERRED = new Object();

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final FlushBeforeCommit flush;

    Outbox(AgroalDataSource dataSource, ObjectMapper json, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay, FlushBeforeCommit flush) {
        this.dataSource = dataSource;
        this.json = json;
        this.transactions = transactions;
        this.relay = relay;
        this.flush = flush;
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
        return append(prepare(topic, key, type, time, data));
    }

    /** {@link #append(String, String, String, Instant, Object)} for an event {@link #prepare prepared} before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(PendingEvent event) {
        // The event must not commit without the entities of its transaction (see FlushBeforeCommit).
        flush.guard();
        @SuppressWarnings("unchecked")
        List<PendingEvent> deferred = (List<PendingEvent>) transactions.getResource(DEFERRED);
        if (deferred != null) {
            deferred.add(event);
            return event.eventId();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(APPEND)) {
            insert.setString(1, event.key());
            insert.setObject(2, event.eventId());
            insert.setString(3, event.topic());
            insert.setString(4, event.key());
            insert.setString(5, event.type());
            insert.setString(6, event.key());
            insert.setTimestamp(7, Timestamp.from(event.time()));
            insert.setString(8, event.data());
            long id;
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            transactions.registerInterposedSynchronization(new HandToRelayOnCommit(relay, List.of(new OutboxRelay.Hint(id, event))));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append a " + event.type() + " event to the outbox", e);
        }
        return event.eventId();
    }

    /**
     * From now until {@link #appendDeferred()}, the events appended in the current transaction are
     * kept in memory and written together: a consumer's batch of hundreds of events then takes two
     * statements (the keys' locks and one insert, whose trigger runs once) rather than one round trip
     * and one trigger run for each. The rules stay {@link #append}'s: the keys are locked before the
     * rows are written, until the transaction ends, and the rows get their ids in append order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deferAppends() {
        if (transactions.getResource(DEFERRED) == null) {
            transactions.putResource(DEFERRED, new ArrayList<PendingEvent>());
        }
    }

    /** Writes what was appended since {@link #deferAppends()}, in the current transaction; appends go to the table at once again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendDeferred() {
        flush.guard();
        @SuppressWarnings("unchecked")
        List<PendingEvent> deferred = (List<PendingEvent>) transactions.getResource(DEFERRED);
        transactions.putResource(DEFERRED, null);
        if (deferred == null || deferred.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Appended appended = appendAll(connection, deferred);
            transactions.registerInterposedSynchronization(new HandToRelayOnCommit(relay, appended.hints));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append " + deferred.size() + " events to the outbox", e);
        }
    }

    /**
     * An event ready to be appended with {@link #appendAll}: its data already written as JSON, so
     * that the work is done by the thread that made the change, not by the one that commits it.
     */
    public record PendingEvent(UUID eventId, String topic, String key, String type, Instant time, String data) {
    }

    /**
     * Writes an event's data as JSON, for {@link #appendAll}. The key is also its CloudEvent subject.
     * The time is rounded to the microsecond, as PostgreSQL stores it, so that the event reads the
     * same whether the relay sends it from the table or as its writer handed it over.
     */
    public PendingEvent prepare(String topic, String key, String type, Instant time, Object data) {
        try {
            return new PendingEvent(TimeOrderedUuid.next(), topic, key, type, toMicros(time), json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Could not serialize a " + type + " event", e);
        }
    }

    /** Rounded to the nearest microsecond, halves up, as PostgreSQL rounds a timestamp it is given. */
    static Instant toMicros(Instant time) {
        Instant truncated = time.truncatedTo(ChronoUnit.MICROS);
        return time.getNano() % 1000 >= 500 ? truncated.plusNanos(1000) : truncated;
    }

    /**
     * Appends events in a transaction that the caller holds on {@code connection} itself, outside
     * JTA: a writer that commits the changes of many requests at once (group commit). Same rules as
     * {@link #append}: the events reach Kafka if and only if that transaction commits, and events of
     * one key in the order their transactions committed. Two round trips whatever the number of
     * events. Once the transaction committed, hand what this returns to {@link #committed}.
     */
    public Appended appendAll(Connection connection, List<PendingEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return new Appended(List.of());
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] times = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            PendingEvent e = events.get(i);
            ids[i] = e.eventId().toString();
            topics[i] = e.topic();
            keys[i] = e.key();
            types[i] = e.type();
            times[i] = IsoInstant.format(e.time());
            data[i] = e.data();
        }
        try (PreparedStatement lock = connection.prepareStatement(LOCK_KEYS);
                PreparedStatement insert = connection.prepareStatement(APPEND_ALL)) {
            lock.setArray(1, connection.createArrayOf("text", keys));
            lock.execute();
            int i = 0;
            for (String[] column : new String[][] {ids, topics, keys, types, times, data}) {
                insert.setArray(++i, connection.createArrayOf("text", column));
            }
            Map<String, Long> rowIds = new HashMap<>(n * 2);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    rowIds.put(rs.getString(2), rs.getLong(1));
                }
            }
            List<OutboxRelay.Hint> hints = new ArrayList<>(n);
            for (PendingEvent e : events) {
                hints.add(new OutboxRelay.Hint(rowIds.get(e.eventId().toString()), e));
            }
            return new Appended(hints);
        }
    }

    /** What {@link #appendAll} wrote, for {@link #committed} once its transaction committed. */
    public static final class Appended {
        private final List<OutboxRelay.Hint> hints;

        Appended(List<OutboxRelay.Hint> hints) {
            this.hints = hints;
        }
    }

    /**
     * Tells the relay that the transaction holding these events committed: it sends them without
     * looking for them. Not calling this loses nothing (the relay finds every committed row on its
     * own, within its poll interval); calling it for a transaction that rolled back sends nothing
     * (the relay claims only rows it finds unpublished in the table).
     */
    public void committed(Appended appended) {
        if (!appended.hints.isEmpty()) {
            relay.committed(appended.hints);
        }
    }

    private record HandToRelayOnCommit(OutboxRelay relay, List<OutboxRelay.Hint> hints) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.committed(hints);
            }
        }
    }
}
