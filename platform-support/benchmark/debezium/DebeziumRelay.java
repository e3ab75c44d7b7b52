import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The maintained alternative to the outbox relay, measured the same way: Debezium's PostgreSQL
 * connector (pgoutput, a logical replication slot) with its outbox event router, embedded as a
 * service would embed it, and a producer with the relay's settings sending what it reads. The catch-up
 * benchmark runs it beside the relay, on the same PostgreSQL and broker (wal_level=logical), and
 * reads the rate off the record times on the topic, as it does the relay's.
 *
 * <pre>java -cp $(cat debezium.classpath) DebeziumRelay.java PG_PORT DATABASE KAFKA TOPIC ROWS KEYS</pre>
 *
 * It creates an {@code outbox_event} table of the platform's shape in {@code DATABASE}, starts the
 * engine (no snapshot: only what is inserted after its slot exists), inserts {@code ROWS} events over
 * {@code KEYS} keys in one statement, as the relay's run does, and exits once Kafka acknowledged them all.
 */
public final class DebeziumRelay {

    public static void main(String[] args) throws Exception {
        int pgPort = Integer.parseInt(args[0]);
        String database = args[1];
        String kafka = args[2];
        String topic = args[3];
        long rows = Long.parseLong(args[4]);
        int keys = Integer.parseInt(args[5]);
        String jdbc = "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
        String slot = "bench_" + topic.replaceAll("[^a-z0-9]", "_");

        try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS outbox_event (
                        id BIGSERIAL PRIMARY KEY, event_id UUID NOT NULL UNIQUE, topic TEXT NOT NULL,
                        message_key TEXT NOT NULL, event_type TEXT NOT NULL, subject TEXT NOT NULL,
                        event_time TIMESTAMPTZ NOT NULL, data TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """);
        }

        Properties producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        producerProperties.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        String jaas = System.getenv("HOMEFIRST_KAFKA_ADMIN_JAAS_CONFIG");
        if (jaas != null) {
            // The benchmark's broker requires SASL/SCRAM: this producer connects as its super-user.
            producerProperties.put("security.protocol", "SASL_PLAINTEXT");
            producerProperties.put("sasl.mechanism", "SCRAM-SHA-512");
            producerProperties.put("sasl.jaas.config", jaas);
        }
        AtomicLong acknowledged = new AtomicLong();
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                    .using(engineProperties(pgPort, database, slot))
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            streaming.countDown();
                        }
                    })
                    .notifying((records, committer) -> {
                        // A batch as the engine hands it: sent, acknowledged, then its offsets committed.
                        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
                        for (ChangeEvent<String, String> event : records) {
                            if (event.value() == null) {
                                continue;
                            }
                            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(event.destination(),
                                    key(event.key()), event.value().getBytes(StandardCharsets.UTF_8));
                            // The CloudEvent headers the relay sets, as the router placed them.
                            for (io.debezium.engine.Header<?> header : event.headers()) {
                                record.headers().add(header.getKey(),
                                        String.valueOf(header.getValue()).getBytes(StandardCharsets.UTF_8));
                            }
                            sends.add(producer.send(record));
                        }
                        for (Future<RecordMetadata> send : sends) {
                            try {
                                send.get();
                            } catch (java.util.concurrent.ExecutionException e) {
                                throw new IllegalStateException(e.getCause());
                            }
                        }
                        for (ChangeEvent<String, String> event : records) {
                            committer.markProcessed(event);
                        }
                        committer.markBatchFinished();
                        if (acknowledged.addAndGet(sends.size()) >= rows) {
                            done.countDown();
                        }
                    })
                    .build();
            ExecutorService runner = Executors.newSingleThreadExecutor();
            runner.execute(engine);
            if (!streaming.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Debezium did not start streaming within 2 minutes");
            }
            // The task has started; its slot exists once it streams. Rows inserted before would be missed.
            awaitSlot(jdbc, slot);
            try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "postgres");
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject,"
                        + " event_time, data) SELECT gen_random_uuid(), '" + topic + "', 'key-' || (g % " + keys + "),"
                        + " 'uk.nhs.homefirst.ReferralAllocated.v1', 'key-' || (g % " + keys + "), now(),"
                        + " repeat('x', 600) FROM generate_series(1, " + rows + ") g");
            }
            long started = System.nanoTime();
            boolean finished = done.await(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("DEBEZIUM %s %d %.1f%n", finished ? "done" : "unfinished", acknowledged.get(), seconds);
            engine.close();
            runner.shutdown();
            runner.awaitTermination(1, TimeUnit.MINUTES);
        }
        try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        }
        System.exit(0);
    }

    /** The router's key is the JSON of the message_key column (a string schema): the string itself. */
    private static byte[] key(String json) {
        if (json == null) {
            return null;
        }
        String key = json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static Properties engineProperties(int pgPort, String database, String slot) {
        Properties p = new Properties();
        p.setProperty("name", "outbox-" + slot);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("database.hostname", "127.0.0.1");
        p.setProperty("database.port", String.valueOf(pgPort));
        p.setProperty("database.user", "postgres");
        p.setProperty("database.password", "postgres");
        p.setProperty("database.dbname", database);
        p.setProperty("topic.prefix", "bench");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", "public.outbox_event");
        p.setProperty("snapshot.mode", "no_data");
        // The connector's own JSON, without a schema in every record: the router leaves the payload column as it is.
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");
        p.setProperty("max.batch.size", "2048");
        p.setProperty("max.queue.size", "16384");
        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.route.by.field", "topic");
        p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        p.setProperty("transforms.outbox.table.field.event.id", "event_id");
        p.setProperty("transforms.outbox.table.field.event.key", "message_key");
        p.setProperty("transforms.outbox.table.field.event.payload", "data");
        p.setProperty("transforms.outbox.table.fields.additional.placement",
                "event_type:header:ce_type,subject:header:ce_subject,event_time:header:ce_time");
        return p;
    }

    private static void awaitSlot(String jdbc, String slot) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "postgres");
                    Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("No active replication slot " + slot + " within a minute");
    }
}
