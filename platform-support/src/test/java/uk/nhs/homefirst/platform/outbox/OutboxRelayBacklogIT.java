package uk.nhs.homefirst.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.platform.inbox.ProcessedEvents;
import uk.nhs.homefirst.events.CloudEventHeaders;

/**
 * A backlog that builds up after the outbox was empty, as it does when Kafka comes back after an
 * outage or the relay falls behind a burst: the relay sends it reading each unpublished row a
 * bounded number of times, not the whole table once for every row.
 *
 * <p>The relay's statements are prepared on the server once run five times, and PostgreSQL then
 * settles on one generic plan. Made while {@code outbox_unpublished} had no pages (vacuum shrinks
 * it so whenever the relay has caught up), that plan looks for each candidate's earlier rows of its
 * key by reading the whole table: with N unpublished rows, N² row reads per search. Real
 * PostgreSQL, real Kafka, the relay's own search, without Quarkus: the relay is built by hand and
 * its search called directly, on a pool of one connection, so that every search runs the same
 * prepared statement on the same server session.
 */
class OutboxRelayBacklogIT {

    private static final String DATABASE = "hf_outbox_backlog";
    private static final String TOPIC = "outbox-backlog-it";
    private static final int BACKLOG = 2_000;

    private final PostgresServer server = SharedInfrastructure.postgres();
    private AgroalDataSource dataSource;

    @BeforeEach
    void freshDatabase() throws SQLException {
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
        Flyway.configure().dataSource(server.jdbcUrl(DATABASE), server.username(), server.password())
                .locations("classpath:db/platform").load().migrate();
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(server.jdbcUrl(DATABASE))
                                .principal(new NamePrincipal(server.username()))
                                .credential(new SimplePassword(server.password())))));
    }

    @AfterEach
    void closeDataSource() {
        dataSource.close();
    }

    @Test
    void aBacklogAfterAnEmptyOutboxIsSentWithoutReadingTheTableOncePerRow() throws Exception {
        OutboxRelay relay = new OutboxRelay(dataSource, defaults(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()),
                new SimpleMeterRegistry());

        createTopic(TOPIC);
        // The outbox as a relay that keeps up leaves it: empty, vacuumed down to no pages, and
        // searched every poll interval, more than often enough for a generic plan to be chosen.
        sql("VACUUM outbox_unpublished");
        assertThat(number("SELECT pg_relation_size('outbox_unpublished')")).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(relay.relayBatch()).isZero();
        }

        // Then a backlog: events written while Kafka was away, older than the handover grace.
        sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data, created_at)
                SELECT gen_random_uuid(), '%s', 'referral-' || n, 'uk.nhs.homefirst.ReferralReceived.v1',
                       'referral-' || n, now(), '{"n": ' || n || '}', now() - interval '1 hour'
                  FROM generate_series(1, %d) AS n
                """.formatted(TOPIC, BACKLOG));
        assertThat(number("SELECT count(*) FROM outbox_unpublished")).isEqualTo(BACKLOG);
        long readBefore = sequentialReads();

        int sent = 0;
        for (int batch = 0; batch < 10 && sent < BACKLOG; batch++) {
            sent += relay.relayBatch();
        }

        assertThat(sent).isEqualTo(BACKLOG);
        assertThat(number("SELECT count(*) FROM outbox_unpublished")).isZero();
        long read = sequentialReads() - readBefore;
        // Reading the table whole for each row would be BACKLOG² = 4,000,000 row reads. Each batch
        // may read the unpublished rows once: at most BACKLOG for each of the four batches.
        assertThat(read).as("rows of outbox_unpublished read by sequential scans while sending the backlog")
                .isLessThanOrEqualTo(4L * BACKLOG);
        try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
            List<ConsumerRecord<String, String>> records = kafka.readAll(TOPIC);
            Set<String> keys = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
            assertThat(records).hasSize(BACKLOG);
            assertThat(keys).hasSize(BACKLOG).contains("referral-1", "referral-" + BACKLOG);
        }
    }

    /**
     * A backlog on a topic of few keys, such as target-alerts keyed by six hubs: the relay sends
     * it a full batch at a time, each key's events in their order, not one event per key per pass.
     */
    @Test
    void aBacklogOfFewKeysIsSentAFullBatchAtATimeEachKeyInOrder() throws Exception {
        OutboxRelay relay = new OutboxRelay(dataSource, defaults(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()),
                new SimpleMeterRegistry());
        String topic = TOPIC + "-few-keys";
        createTopic(topic);
        sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data, created_at)
                SELECT gen_random_uuid(), '%s', 'hub-' || (n %% 6), 'uk.nhs.homefirst.TargetAlertRaised.v1',
                       'hub-' || (n %% 6), now(), '{"n": ' || n || '}', now() - interval '1 hour'
                  FROM generate_series(1, %d) AS n
                """.formatted(topic, BACKLOG));

        int batches = 0;
        int sent = 0;
        while (sent < BACKLOG && batches < 20) {
            sent += relay.relayBatch();
            batches++;
        }

        // A batch is 500 rows: 2,000 rows of 6 keys take 4 batches, not 2,000 / 6 passes.
        assertThat(sent).isEqualTo(BACKLOG);
        assertThat(batches).isEqualTo(BACKLOG / defaults().batchSize());
        try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
            Map<String, List<Integer>> byKey = kafka.readAll(topic).stream().collect(Collectors.groupingBy(
                    ConsumerRecord::key, Collectors.mapping(r -> Integer.parseInt(r.value().replaceAll("\\D", "")),
                            Collectors.toList())));
            assertThat(byKey).hasSize(6);
            byKey.values().forEach(ns -> assertThat(ns).isSorted());
            assertThat(byKey.values().stream().mapToInt(List::size).sum()).isEqualTo(BACKLOG);
        }
    }

    /**
     * Each batch reads the events it sends, not every event sent before it: the claim walks
     * {@code outbox_unpublished}, and joins only the rows it took to {@code outbox_event}. Joined in
     * one query, PostgreSQL walked {@code outbox_event}'s primary key from the first row, past every
     * event already sent (kept there until the cleanup), for every batch: a backlog of N rows cost
     * N²/(2 × batch) reads, 145 ms a batch half-way through 100,000.
     */
    @Test
    void eachBatchReadsOnlyTheEventsItSends() throws Exception {
        OutboxRelay relay = new OutboxRelay(dataSource, defaults(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()),
                new SimpleMeterRegistry());
        String topic = TOPIC + "-reads";
        createTopic(topic);
        int backlog = 5_000;
        sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data, created_at)
                SELECT gen_random_uuid(), '%s', 'hub-' || (n %% 6), 'uk.nhs.homefirst.TargetAlertRaised.v1',
                       'hub-' || (n %% 6), now(), '{"n": ' || n || '}', now() - interval '1 hour'
                  FROM generate_series(1, %d) AS n
                """.formatted(topic, backlog));
        sql("ANALYZE outbox_event");
        sql("ANALYZE outbox_unpublished");
        long readBefore = eventReads();

        int sent = 0;
        for (int batch = 0; batch < 20 && sent < backlog; batch++) {
            sent += relay.relayBatch();
        }

        assertThat(sent).isEqualTo(backlog);
        // One read of each event sent, and some slack; walking past the sent ones reads 5,000 × 11 / 2 = 27,500.
        assertThat(eventReads() - readBefore).as("outbox_event rows read while sending the backlog")
                .isLessThanOrEqualTo(2L * backlog);
        try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
            Map<String, List<Integer>> byKey = kafka.readAll(topic).stream().collect(Collectors.groupingBy(
                    ConsumerRecord::key, Collectors.mapping(r -> Integer.parseInt(r.value().replaceAll("\\D", "")),
                            Collectors.toList())));
            byKey.values().forEach(ns -> assertThat(ns).isSorted());
            assertThat(byKey.values().stream().mapToInt(List::size).sum()).isEqualTo(backlog);
        }
    }

    /**
     * Rows of another relay's batch stay with it: a row of a key whose earlier row another relay
     * holds is not sent, whatever its age, until that row is published.
     */
    @Test
    void aRowWaitsWhileAnEarlierRowOfItsKeyIsHeldByAnotherRelay() throws Exception {
        OutboxRelay relay = new OutboxRelay(dataSource, defaults(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()),
                new SimpleMeterRegistry());
        String topic = TOPIC + "-held";
        createTopic(topic);
        sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data, created_at)
                SELECT gen_random_uuid(), '%s', 'referral-' || (n %% 2), 'uk.nhs.homefirst.ReferralReceived.v1',
                       'referral-' || (n %% 2), now(), '{"n": ' || n || '}', now() - interval '1 hour'
                  FROM generate_series(1, 6) AS n
                """.formatted(topic));
        long first = number("SELECT min(id) FROM outbox_unpublished");
        try (Connection other = DriverManagerConnection.open(server, DATABASE)) {
            other.setAutoCommit(false);
            try (Statement hold = other.createStatement()) {
                // Another relay's transaction holds the first row (key referral-1).
                hold.execute("SELECT id FROM outbox_unpublished WHERE id = " + first + " FOR UPDATE");
                assertThat(relay.relayBatch()).as("the three rows of referral-0 only").isEqualTo(3);
                other.rollback();
            }
        }
        assertThat(relay.relayBatch()).as("then the three of referral-1, in order").isEqualTo(3);
        try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
            assertThat(kafka.readAll(topic).stream().filter(r -> "referral-1".equals(r.key()))
                    .map(r -> Integer.parseInt(r.value().replaceAll("\\D", "")))).containsExactly(1, 3, 5);
        }
    }

    /**
     * A relay that dies after Kafka took a batch and before the batch was marked sent (here its
     * mark fails, so its transaction rolls back as a dead one's would): the rows stay unsent, the
     * next relay sends them again under the same event ids, and a consumer applies each event once.
     */
    @Test
    void aBatchSentButNotMarkedIsSentAgainUnderTheSameIdsAndAppliedOnce() throws Exception {
        OutboxRelay relay = new OutboxRelay(dataSource, defaults(),
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers()),
                new SimpleMeterRegistry());
        String topic = "relay-crash-" + System.nanoTime();
        createTopic(topic);
        sql("""
                INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data, created_at)
                SELECT gen_random_uuid(), '%s', 'referral-' || (n %% 7), 'uk.nhs.homefirst.ReferralReceived.v1',
                       'referral-' || (n %% 7), now(), '{"n": ' || n || '}', now() - interval '1 hour'
                  FROM generate_series(1, 50) AS n
                """.formatted(topic));
        sql("""
                CREATE FUNCTION die_before_marking() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'the relay died before marking its batch'; END $$;
                CREATE TRIGGER die_before_marking BEFORE DELETE ON outbox_unpublished
                   FOR EACH STATEMENT EXECUTE FUNCTION die_before_marking();
                """);

        org.assertj.core.api.Assertions.assertThatThrownBy(relay::relayBatch);
        assertThat(number("SELECT count(*) FROM outbox_unpublished")).as("nothing marked sent").isEqualTo(50);
        sql("DROP TRIGGER die_before_marking ON outbox_unpublished");
        int resent = 0;
        for (int batch = 0; batch < 5 && resent < 50; batch++) {
            resent += relay.relayBatch();
        }

        assertThat(resent).isEqualTo(50);
        assertThat(number("SELECT count(*) FROM outbox_unpublished")).isZero();
        try (KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers())) {
            List<ConsumerRecord<String, String>> records = kafka.readAll(topic);
            List<String> ids = records.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)).toList();
            assertThat(records).as("each event twice: before the death and after").hasSize(100);
            assertThat(Set.copyOf(ids)).hasSize(50);
            List<String> stored = new java.util.ArrayList<>();
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT event_id::text FROM outbox_event WHERE topic = '" + topic + "'")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertThat(Set.copyOf(ids)).as("nothing lost").containsExactlyInAnyOrderElementsOf(stored);
            // The consumers' idempotency log, a poll of ten records at a time: each event applied once.
            ProcessedEvents processed = new ProcessedEvents(dataSource);
            int applied = 0;
            for (int i = 0; i < ids.size(); i += 10) {
                applied += processed.firstDeliveries("relay-crash-test", ids.subList(i, Math.min(ids.size(), i + 10))).size();
            }
            assertThat(applied).as("events applied").isEqualTo(50);
        }
    }

    /** A connection of its own, outside the relay's pool of one. */
    private static final class DriverManagerConnection {
        static Connection open(PostgresServer server, String database) throws SQLException {
            return java.sql.DriverManager.getConnection(server.jdbcUrl(database), server.username(), server.password());
        }
    }

    /**
     * Rows of {@code outbox_unpublished} read by sequential scans so far, the relay's included. A
     * server session sends its counts on when it is next idle after being asked to.
     */
    private long sequentialReads() throws SQLException {
        sql("SELECT pg_stat_force_next_flush()");
        return number("SELECT coalesce(seq_tup_read, 0) FROM pg_stat_user_tables WHERE relname = 'outbox_unpublished'");
    }

    /**
     * The topic made before the relay's first send: a produce racing the creation of a topic on
     * its first use can be refused by a partition whose leader is not ready yet, and its retry then
     * meets later batches already appended (OUT_OF_ORDER_SEQUENCE_NUMBER) until the send times out.
     */
    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Rows of outbox_event read so far, by index scans and by sequential scans. */
    private long eventReads() throws SQLException {
        sql("SELECT pg_stat_force_next_flush()");
        return number("SELECT coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0) FROM pg_stat_user_tables"
                + " WHERE relname = 'outbox_event'");
    }

    private long number(String query) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    /**
     * The pool's one connection, the relay's server session too: what the test reads, it reads in
     * that session, so that its own reads are in the counts the relay's session sends.
     */
    private Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** The relay's configuration with every default OutboxConfig declares. */
    private static OutboxConfig defaults() {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter()) // "500ms", as Quarkus reads it
                .withMapping(OutboxConfig.class)
                .withDefaultValue("homefirst.outbox.source", "/homefirst/outbox-backlog-it")
                .build()
                .getConfigMapping(OutboxConfig.class);
    }
}
