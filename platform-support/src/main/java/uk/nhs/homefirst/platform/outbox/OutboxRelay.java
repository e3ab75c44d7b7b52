package uk.nhs.homefirst.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.time.IsoInstant;

/**
 * Sends committed outbox rows to Kafka as CloudEvents in binary mode, then marks them published.
 *
 * <ul>
 * <li>Claims rows with {@code FOR UPDATE SKIP LOCKED}, so that several instances relay side by side
 * and never send the same row.</li>
 * <li>Claims the oldest unpublished rows whatever their keys, and sends of each key the rows in id
 * order up to the first of the key it does not hold; a batch is marked published only once the
 * broker acknowledged all of it (the producer is idempotent, so a key's rows in flight keep their
 * order). So the events of one referral reach their partition in order, whichever instance sends
 * them, and the number of keys does not cap the rate: a topic keyed by six hubs moves a batch of
 * 500 as fast as one keyed by 500 referrals.</li>
 * <li>When the broker does not answer, the batch stays unpublished and the relay backs off,
 * doubling the pause up to a maximum. Writers are not affected: they only write to the table.</li>
 * </ul>
 * A send that timed out may still have reached the broker, so an event can be delivered twice;
 * consumers are idempotent by CloudEvent id.
 *
 * <p>Two ways to find the rows. A writer whose transaction committed hands the relay what it wrote
 * ({@link #committed}): the relay then claims exactly those rows by id, with the same conditions as
 * ever (unpublished, the oldest unpublished of their key, not locked by another instance), and
 * sends what it holds in memory, so that under load it neither searches the table nor reads the
 * events back. And, at every poll interval and after a failure, it searches the table for the oldest
 * unpublished rows older than {@code handover-grace}, as before: what another instance wrote and
 * did not send, what was left when this one stopped or Kafka was down, what a writer did not hand
 * over. (Younger rows are left to the relay they were handed to: a search that took them would
 * race it.) Either way a row is sent only by the relay that holds its lock, and marked published in
 * that same transaction.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** How many batches of handed rows the relay holds at most. */
    private static final int HANDED_BATCHES = 50;
    /** The pause after a search is at least this many times as long as the search took. */
    private static final long SEARCH_COST_FACTOR = 20;
    /** How often a handed row that could not be claimed is tried again before it is left to a search. */
    private static final int HANDED_ATTEMPTS = 1;
    /** While busy, the backlog is counted at most this often; the count reads every unpublished row. */
    private static final long BACKLOG_COUNT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long BUSY_BACKLOG_COUNT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    // The oldest unpublished rows, by id, whatever their keys; rows younger than the handover grace
    // are left to the relay their writer handed them to. Whether each may be sent now is decided
    // after (UNCLAIMED_BEFORE): a key's rows go in id order, so a row is sent only with every
    // unpublished row of its key before it. The rows are claimed in outbox_unpublished first, then
    // their events read by id (= ANY): joined, PostgreSQL walked outbox_event's primary key from its
    // first row (a merge join, or a nested loop driven by it), past every event already sent, for
    // every batch: 145 ms a batch half-way through a backlog of 100,000, a backlog's time in its square.
    private static final String CLAIM = """
            WITH claimed AS MATERIALIZED (
                SELECT p.id FROM outbox_unpublished p
                 WHERE p.created_at < now() - ? * interval '1 millisecond'
                 ORDER BY p.id
                 LIMIT ?
                   FOR UPDATE OF p SKIP LOCKED)
            SELECT o.id, o.event_id, o.topic, o.message_key, o.event_type, o.subject, o.event_time, o.data
              FROM outbox_event o
             WHERE o.id = ANY (ARRAY(SELECT id FROM claimed))
             ORDER BY o.id
            """;
    // The first unpublished row of each key, up to the last claimed one, that the claim did not take
    // (locked by another relay, or younger than the grace): the claimed rows of that key from it on
    // must wait. One range of the primary key, the rows the claim walked; the claimed rows'
    // keys need no index lookup each (with many keys, 500 lookups a batch).
    private static final String UNCLAIMED_BEFORE = """
            SELECT p.message_key, min(p.id)
              FROM outbox_unpublished p
             WHERE p.id <= ? AND p.id <> ALL (?)
             GROUP BY p.message_key
            """;
    // The rows handed over by their writers, claimed under the same rule. A row not returned was
    // sent already or is locked by another relay.
    private static final String CLAIM_HANDED = """
            SELECT p.id
              FROM outbox_unpublished p
             WHERE p.id = ANY (?)
             ORDER BY p.id
               FOR UPDATE OF p SKIP LOCKED
            """;
    // Every unpublished row of the claimed rows' keys up to the last claimed one: the claimed rows
    // themselves, and any other (locked by another relay, or younger than the grace) that must go
    // first. A range of the index by key for each key (the lateral join keeps it so), never a read
    // of the whole table: under a backlog that would make each batch cost the backlog.
    private static final String EARLIER_OF_THEIR_KEYS = """
            SELECT k.key, e.id
              FROM unnest(?::text[]) AS k(key)
             CROSS JOIN LATERAL (SELECT p.id FROM outbox_unpublished p
                                  WHERE p.message_key = k.key AND p.id <= ?
                                  ORDER BY p.id) AS e
             ORDER BY k.key, e.id
            """;
    private static final String MARK_PUBLISHED = "DELETE FROM outbox_unpublished WHERE id = ANY (?)";
    private static final String BACKLOG = "SELECT count(*), min(created_at) FROM outbox_unpublished";
    // The cleanup goes by id, which only the primary key indexes: from the oldest row up to the first
    // one written within the retention. A row written earlier by a transaction that took longer has a
    // higher id and waits for a later cleanup; none written within the retention is deleted.
    private static final String CLEANUP_RANGE = """
            SELECT (SELECT min(id) FROM outbox_event),
                   coalesce((SELECT id FROM outbox_event WHERE created_at >= ? ORDER BY id LIMIT 1),
                            (SELECT max(id) + 1 FROM outbox_event))
            """;
    private static final String DELETE_PUBLISHED = """
            DELETE FROM outbox_event o
             WHERE o.id >= ? AND o.id < ?
               AND NOT EXISTS (SELECT 1 FROM outbox_unpublished p WHERE p.id = o.id)
            """;
    private static final long CLEANUP_BATCH = 10_000;

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Semaphore wakeUp = new Semaphore(0);
    /** Rows their writers handed over, not claimed yet. Bounded: beyond it, the table is searched instead. */
    private final BlockingQueue<Hint> handed;
    private volatile boolean searchNeeded = true;
    private long nextSearch;
    private final AtomicLong backlog = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private volatile boolean running;
    private volatile Instant oldestUnpublished;
    private Thread worker;
    private KafkaProducer<String, byte[]> producer;

    OutboxRelay(AgroalDataSource dataSource, OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.published = meters.counter("homefirst.outbox.published");
        this.failures = meters.counter("homefirst.outbox.send.failures");
        this.handed = new ArrayBlockingQueue<>(Math.max(1, config.batchSize()) * HANDED_BATCHES);
        Gauge.builder("homefirst.outbox.backlog", backlog, AtomicLong::get)
                .description("Committed events not yet acknowledged by Kafka").register(meters);
    }

    void start(@Observes StartupEvent startup) {
        if (!config.relayEnabled()) {
            LOG.info("Outbox relay disabled on this instance");
            return;
        }
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        wakeUp.release();
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Asks the relay to look for rows now rather than at its next poll. */
    public void wake() {
        searchNeeded = true;
        wakeUp.release();
    }

    /** A row a writer committed: its id in the table, the event as written, and how often it could not be claimed yet. */
    record Hint(long id, Outbox.PendingEvent event, int attempts) {
        Hint(long id, Outbox.PendingEvent event) {
            this(id, event, 0);
        }
    }

    /** Rows whose transaction committed, handed over by their writer so that they need not be searched for. */
    void committed(List<Hint> rows) {
        if (!running) {
            // Not relaying here (disabled, or stopping): whichever relay runs finds the rows in the table.
            return;
        }
        for (Hint row : rows) {
            if (!handed.offer(row)) {
                // Full: this relay is far behind. The rows are in the table all the same, and a search
                // finds them once older than the handover grace.
                searchNeeded = true;
                break;
            }
        }
        wakeUp.release();
    }

    /** Committed events not yet acknowledged by Kafka, as of the relay's last look. */
    public long backlog() {
        return backlog.get();
    }

    /** When the oldest of them was written, or null when there is none. */
    public Instant oldestUnpublished() {
        return oldestUnpublished;
    }

    /** The unpublished events now: how many, and when the oldest was written (null when none). */
    public record Backlog(long count, Instant oldest) {
    }

    /** Counts the unpublished events in the database now, whichever instance will send them. */
    public Backlog readBacklog() throws SQLException {
        refreshBacklog();
        return new Backlog(backlog.get(), oldestUnpublished);
    }

    private void run() {
        Duration pause = config.backoffInitial();
        long lastCount = System.nanoTime() - BACKLOG_COUNT_INTERVAL_NANOS;
        while (running) {
            try {
                int sent;
                boolean more;
                if (!handed.isEmpty() && !searchDue()) {
                    sent = relayHanded();
                    more = handed.size() >= config.batchSize();
                } else {
                    searchNeeded = false;
                    long started = System.nanoTime();
                    sent = relayBatch();
                    long took = System.nanoTime() - started;
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("Outbox search sent %d events in %d ms; %d handed waiting", sent,
                                TimeUnit.NANOSECONDS.toMillis(took), handed.size());
                    }
                    // A search reads past every row published since the table was last vacuumed, which
                    // can take long under load: the costlier it was, the longer until the next one. A
                    // search that found a full batch looks again at once, as there may be more.
                    nextSearch = System.nanoTime() + Math.max(config.pollInterval().toNanos(), SEARCH_COST_FACTOR * took);
                    searchNeeded = sent >= config.batchSize();
                    more = sent >= config.batchSize() || !handed.isEmpty();
                }
                pause = config.backoffInitial();
                if (!more) {
                    // The count reads every unpublished row, and past every one published since the
                    // last vacuum: twice a second at most when there is nothing handed over, every
                    // few seconds while busy.
                    long now = System.nanoTime();
                    long since = now - lastCount;
                    if (since >= (handed.isEmpty() ? BACKLOG_COUNT_INTERVAL_NANOS : BUSY_BACKLOG_COUNT_INTERVAL_NANOS)) {
                        refreshBacklog();
                        lastCount = now;
                    }
                    awaitWork(config.pollInterval());
                }
            } catch (Exception e) {
                failures.increment();
                discardProducer();
                // Rows of a failed batch stay unpublished in the table; the next search finds them.
                searchNeeded = true;
                // No event content is logged: the referrals topic carries patient data.
                LOG.warnf("Outbox relay could not send (%s: %s); retrying in %s",
                        e.getClass().getSimpleName(), e.getMessage(), pause);
                refreshBacklogQuietly();
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(config.backoffMax()) > 0 ? config.backoffMax() : pause.multipliedBy(2);
            }
        }
    }

    private boolean searchDue() {
        return searchNeeded || System.nanoTime() - nextSearch >= 0;
    }

    /**
     * Claims, sends and marks, in one transaction, the rows their writers handed over (at most a
     * batch). A row that cannot be claimed (published or locked by another instance, or behind an
     * unpublished row of its key) is left to the next search. Returns the number of events sent.
     */
    int relayHanded() throws Exception {
        List<Hint> taken = new ArrayList<>(config.batchSize());
        handed.drainTo(taken, config.batchSize());
        if (taken.isEmpty()) {
            return 0;
        }
        Map<Long, Hint> byId = new HashMap<>(taken.size() * 2);
        for (Hint hint : taken) {
            byId.put(hint.id(), hint);
        }
        return inRelayTransaction(connection -> {
            List<Row> claimed = new ArrayList<>(taken.size());
            try (PreparedStatement claim = connection.prepareStatement(CLAIM_HANDED)) {
                claim.setArray(1, connection.createArrayOf("bigint", byId.keySet().toArray(Long[]::new)));
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(Row.of(byId.get(rs.getLong(1))));
                    }
                }
            }
            List<Row> rows = inKeyOrder(connection, claimed);
            rows.forEach(row -> byId.remove(row.id()));
            // Not sent: sent or locked by another relay (then it is not this one's to send), or
            // behind an unpublished row of its key that this relay does not hold (then the next
            // try sends it). Tried again once; a row still unpublished
            // after that is found by a search once older than the handover grace.
            for (Hint unclaimed : byId.values()) {
                if (unclaimed.attempts() < HANDED_ATTEMPTS) {
                    handed.offer(new Hint(unclaimed.id(), unclaimed.event(), unclaimed.attempts() + 1));
                }
            }
            if (!byId.isEmpty()) {
                wakeUp.release();
                LOG.debugf("Outbox relay could not claim %d of %d handed rows", byId.size(), taken.size());
            }
            return sendAndMark(connection, rows);
        });
    }

    /** Claims, sends and marks one batch in one transaction. Returns the number of events sent. */
    int relayBatch() throws Exception {
        List<Row> rows = new ArrayList<>();
        long[] t = new long[4];
        t[0] = System.nanoTime();
        int sent = inRelayTransaction(connection -> {
            rows.addAll(claim(connection));
            t[1] = System.nanoTime();
            if (rows.isEmpty()) {
                return 0;
            }
            send(rows);
            t[2] = System.nanoTime();
            markPublished(connection, rows);
            t[3] = System.nanoTime();
            return rows.size();
        });
        if (LOG.isDebugEnabled() && sent > 0) {
            long end = System.nanoTime();
            // Where a batch's time goes, for profiling the relay (the catch-up benchmark turns this on).
            LOG.debugf("Outbox batch of %d: claim %d, send %d, mark %d, commit %d microseconds", sent, (t[1] - t[0]) / 1000,
                    (t[2] - t[1]) / 1000, (t[3] - t[2]) / 1000, (end - t[3]) / 1000);
        }
        forgetHanded(rows);
        return sent;
    }

    /** Work in a relay transaction: what it returns is the number of events it sent. */
    @FunctionalInterface
    private interface RelayWork {
        int sent(Connection connection) throws Exception;
    }

    /** Runs the work in one relay transaction, committed if it returns and rolled back if it throws. */
    private int inRelayTransaction(RelayWork work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            beginRelayTransaction(connection);
            try {
                int sent = work.sent(connection);
                connection.commit();
                published.increment(sent);
                return sent;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * A relay transaction commits without waiting for its WAL to reach the disk. What it commits is
     * only that rows were sent: were that lost in a crash, the rows would be sent again, and every
     * consumer takes an event id once. So the relay does not add a disk flush of its own to every
     * batch, which the writers' commits, which must be durable, would otherwise queue behind.
     *
     * <p>And each of its statements is planned when it runs, for the table as it is then
     * ({@code plan_cache_mode}). {@code outbox_unpublished} is empty whenever the relay keeps up,
     * and vacuum then shrinks it to no pages at all; it grows by thousands of rows a second when
     * Kafka is away or the relay falls behind. The driver prepares a statement run five times on
     * the server, and PostgreSQL then keeps one generic plan for it. A plan made for an empty
     * table reads that table whole, for every row it looks at, to find the key's earlier rows:
     * on 5,000 rows a search took 4.1 s rather than 82 ms, and in the benchmark a search over a
     * backlog of 25,000 ran for minutes while the backlog grew. Planning takes under a
     * millisecond; a relay transaction carries up to a batch of events. Every statement of the relay
     * is a range of an index (by id, or by key and id), and is told to stay one ({@code enable_seqscan}):
     * statistics taken while the table was empty would otherwise make a claim read the whole backlog
     * for each batch.
     */
    private static void beginRelayTransaction(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO OFF; SET LOCAL plan_cache_mode TO force_custom_plan; "
                    + "SET LOCAL enable_seqscan TO off");
        }
    }

    private int sendAndMark(Connection connection, List<Row> rows) throws Exception {
        if (rows.isEmpty()) {
            return 0;
        }
        send(rows);
        markPublished(connection, rows);
        return rows.size();
    }

    /** Rows a search sent may still be waiting as handed over: nothing left to do for them. */
    private void forgetHanded(List<Row> sent) {
        if (!handed.isEmpty()) {
            Set<Long> ids = new HashSet<>(sent.size() * 2);
            sent.forEach(row -> ids.add(row.id()));
            handed.removeIf(hint -> ids.contains(hint.id()));
        }
    }

    /**
     * Of the claimed rows, those that may be sent now: for each key, its claimed rows in id order up
     * to the first unpublished row of the key that this relay has not claimed (one another relay
     * holds, or one younger than the grace); the rows after it wait for a later batch. So a key's
     * events reach their partition in order, and a batch carries as many rows of one key as there
     * are: the number of keys does not limit the rate.
     */
    private List<Row> inKeyOrder(Connection connection, List<Row> claimed) throws SQLException {
        if (claimed.isEmpty()) {
            return claimed;
        }
        Map<Long, Row> byId = new HashMap<>(claimed.size() * 2);
        Set<String> keys = new HashSet<>();
        long last = Long.MIN_VALUE;
        for (Row row : claimed) {
            byId.put(row.id(), row);
            keys.add(row.key());
            last = Math.max(last, row.id());
        }
        Set<String> blocked = new HashSet<>();
        List<Row> sendable = new ArrayList<>(claimed.size());
        try (PreparedStatement earlier = connection.prepareStatement(EARLIER_OF_THEIR_KEYS)) {
            earlier.setArray(1, connection.createArrayOf("text", keys.toArray()));
            earlier.setLong(2, last);
            try (ResultSet rs = earlier.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    Row row = byId.get(rs.getLong(2));
                    if (row == null) {
                        blocked.add(key);
                    } else if (!blocked.contains(key)) {
                        sendable.add(row);
                    }
                }
            }
        }
        sendable.sort(java.util.Comparator.comparingLong(Row::id));
        return sendable;
    }

    private List<Row> claim(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setLong(1, config.handoverGrace().toMillis());
            claim.setInt(2, config.batchSize());
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8)));
                }
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        // The rows came in id order: of each key, those before the first unpublished row the claim skipped.
        Map<String, Long> firstUnclaimed = new HashMap<>();
        try (PreparedStatement unclaimed = connection.prepareStatement(UNCLAIMED_BEFORE)) {
            unclaimed.setLong(1, rows.get(rows.size() - 1).id());
            unclaimed.setArray(2, connection.createArrayOf("bigint", rows.stream().map(Row::id).toArray(Long[]::new)));
            try (ResultSet rs = unclaimed.executeQuery()) {
                while (rs.next()) {
                    firstUnclaimed.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        if (firstUnclaimed.isEmpty()) {
            return rows;
        }
        List<Row> sendable = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Long blocker = firstUnclaimed.get(row.key());
            if (blocker == null || row.id() < blocker) {
                sendable.add(row);
            }
        }
        return sendable;
    }

    private void send(List<Row> rows) throws InterruptedException, ExecutionException, TimeoutException {
        KafkaProducer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            acks.add(kafka.send(row.toRecord(config.source())));
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void markPublished(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement(MARK_PUBLISHED)) {
            Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
            mark.setArray(1, connection.createArrayOf("bigint", ids));
            mark.executeUpdate();
        }
    }

    /**
     * Deletes the rows of events written before the cutoff that Kafka has acknowledged: an event
     * still unpublished is kept, however old. Returns how many, deleted {@value #CLEANUP_BATCH} ids at a
     * time, each range in a transaction of its own.
     */
    public int deletePublishedBefore(Instant cutoff) throws SQLException {
        int deleted = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement range = connection.prepareStatement(CLEANUP_RANGE);
                PreparedStatement delete = connection.prepareStatement(DELETE_PUBLISHED)) {
            range.setTimestamp(1, java.sql.Timestamp.from(cutoff));
            long from;
            long to;
            try (ResultSet rs = range.executeQuery()) {
                rs.next();
                from = rs.getLong(1);
                if (rs.wasNull()) {
                    return 0;
                }
                to = rs.getLong(2);
            }
            for (long start = from; start < to; start += CLEANUP_BATCH) {
                delete.setLong(1, start);
                delete.setLong(2, Math.min(to, start + CLEANUP_BATCH));
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    private synchronized void refreshBacklog() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(BACKLOG);
                ResultSet rs = count.executeQuery()) {
            rs.next();
            java.sql.Timestamp oldest = rs.getTimestamp(2);
            oldestUnpublished = oldest == null ? null : oldest.toInstant();
            backlog.set(rs.getLong(1));
        }
    }

    private void refreshBacklogQuietly() {
        try {
            refreshBacklog();
        } catch (SQLException e) {
            LOG.debugf("Could not count the outbox backlog: %s", e.getMessage());
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> properties = new HashMap<>(kafkaConfig);
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            // A batch of the relay's (500 events of about a kilobyte) in one request a partition, not
            // 16 KB ones, of which five at most are in flight on a connection.
            properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
            int timeout = (int) config.sendTimeout().toMillis();
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 1);
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + config.source().replace('/', '-'));
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    /** A producer whose sends timed out may hold expired batches; the next attempt starts with a new one. */
    private synchronized void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private void awaitWork(Duration timeout) {
        try {
            if (wakeUp.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Duration linger = config.linger();
                if (linger.compareTo(Duration.ZERO) > 0) {
                    // Let the commits of the next few milliseconds join this one's batch.
                    TimeUnit.NANOSECONDS.sleep(linger.toNanos());
                }
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private record Row(long id, String eventId, String topic, String key, String type, String subject, Instant time,
            String data) {

        static Row of(Hint hint) {
            Outbox.PendingEvent e = hint.event();
            return new Row(hint.id(), e.eventId().toString(), e.topic(), e.key(), e.type(), e.key(), e.time(), e.data());
        }

        ProducerRecord<String, byte[]> toRecord(String source) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data.getBytes(StandardCharsets.UTF_8));
            CloudEventHeaders.write(record.headers(), eventId, type, source, IsoInstant.format(time), subject);
            return record;
        }
    }
}
