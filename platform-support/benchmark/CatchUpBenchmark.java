import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import uk.nhs.homefirst.harness.Machine;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.TestPatients;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityClient;
import uk.nhs.homefirst.harness.identity.IdentityProvider;

/**
 * How fast the platform catches up after an outage, beside the limits of the machine it runs on,
 * printed side by side in one run (issue 17, point 6). A benchmark, not a test: it asserts nothing.
 *
 * <ol>
 * <li>referral-service takes {@code --backlog} referrals through REST (the backlog's source, as GP
 * systems would post them while everything downstream is down), then stops;</li>
 * <li>a plain {@code KafkaConsumer} reads the {@code referrals} topic: the broker's limit;</li>
 * <li>triage-service starts on the backlog of {@code referrals}, alone; then hub-allocation-service
 * on the {@code assessments} triage wrote; then referral-service's status consumer on
 * {@code assessments} and {@code allocations}: each consumer's catch-up rate, from its group's
 * committed offsets, and the rate at which its outbox relay published what it wrote;</li>
 * <li>the outbox relay alone: {@code --backlog} rows on a topic of 6 keys, then of as many keys as rows;</li>
 * <li>pgbench: a one-row INSERT a transaction, 1 and 8 clients: the database's limit;</li>
 * <li>triage at a steady {@code --steady-rate} referrals a second through REST: how far behind it is.</li>
 * </ol>
 *
 * Run by {@code platform-support/benchmark/run}, which starts the broker, PostgreSQL and the identity
 * provider and hands their addresses in the environment.
 */
public class CatchUpBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HUB_DISTRICTS = List.of("LE1", "LE2", "LE11", "LE10", "LE13", "LE18");
    static final List<String> HUB_IDS = List.of("city-north-west", "city-south-east", "charnwood-nwl",
            "hinckley-bosworth", "melton-rutland", "south-leicestershire");

    final Path root = Path.of(env("BENCH_ROOT"));
    final Path apps = Path.of(env("BENCH_APPS"));
    final Path logs = Path.of(env("BENCH_LOGS"));
    final String kafka = "127.0.0.1:" + env("BENCH_KAFKA_PORT");
    final String jdbc = "jdbc:postgresql://127.0.0.1:" + env("BENCH_POSTGRES_PORT") + "/";
    final int basePort = Integer.parseInt(env("BENCH_HTTP_PORT_BASE"));
    final String serviceJavaOptions = System.getenv().getOrDefault("BENCH_SERVICE_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC");
    // As deploy/local/run and the end-to-end tests start it: HAPI's R4 definitions need the heap.
    final String referralServiceJavaOptions = System.getenv().getOrDefault("BENCH_REFERRAL_SERVICE_JAVA_OPTS",
            ServiceProcess.REFERRAL_SERVICE_JAVA_OPTS);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final Admin admin = Admin.create(kafkaClient(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka)));
    final IdentityClient identity = new IdentityClient(env("HOMEFIRST_IDENTITY_URL"));
    final IdentityProvider.Credentials identityAdmin = new IdentityProvider.Credentials(env("HOMEFIRST_IDENTITY_ADMIN"),
            env("HOMEFIRST_IDENTITY_ADMIN_PASSWORD"));
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    final AtomicLong sequence = new AtomicLong();

    final int backlog;
    final int steadyRate;
    final Duration steadyFor;
    /**
     * {@code all}; {@code relay}: only the relay alone and pgbench; {@code consumers}: only the backlog and the consumers;
     * {@code steady}: only triage at the steady intake.
     */
    final String only;
    final List<String[]> table = new ArrayList<>();
    final Map<String, Process> running = new LinkedHashMap<>();

    CatchUpBenchmark(Map<String, String> options) {
        backlog = Integer.parseInt(options.getOrDefault("backlog", "100000"));
        steadyRate = Integer.parseInt(options.getOrDefault("steady-rate", "100"));
        steadyFor = Duration.ofSeconds(Long.parseLong(options.getOrDefault("steady-seconds", "60")));
        only = options.getOrDefault("only", "all");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        CatchUpBenchmark benchmark = new CatchUpBenchmark(options);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopAll));
        try {
            benchmark.run();
        } finally {
            benchmark.stopAll();
            benchmark.admin.close(Duration.ofSeconds(2));
        }
    }

    void run() throws Exception {
        say("benchmark: backlog %,d; steady %d referrals/s for %d s; machine %s", backlog, steadyRate,
                steadyFor.toSeconds(), Machine.describe());
        if (only.equals("relay")) {
            start("referral-service", "referral");
            relay("referral", "bench.relay.six-keys", 6);
            relay("referral", "bench.relay.every-row-a-key", backlog);
            stop("referral-service");
            debezium("bench.debezium.six-keys", 6);
            debezium("bench.debezium.every-row-a-key", backlog);
            pgbench(1);
            pgbench(8);
            stopAll();
            print();
            return;
        }

        if (only.equals("steady")) {
            steadyIntake();
            print();
            return;
        }

        // 1. The backlog: referrals taken by referral-service while nothing downstream runs.
        start("referral-service", "referral");
        String referrer = token("referrer");
        double intake = postReferrals(backlog, 32, referrer);
        awaitOutboxEmpty("referral");
        stop("referral-service");
        row("referral-service intake (REST, 32 connections), the backlog's source", backlog, intake, "", "");

        if (only.equals("consumers")) {
            catchUp("triage-service", "triage", Map.of("referrals", (long) backlog), "assessments");
            catchUp("hub-allocation-service", "hub_allocation", Map.of("assessments", (long) backlog,
                    "referrals", (long) backlog), "allocations");
            catchUp("referral-service", "referral", Map.of("assessments", (long) backlog, "allocations", (long) backlog), null);
            stopAll();
            print();
            return;
        }

        // 2. The broker's limit: a plain consumer reading what triage will read.
        double plain = plainConsumer("referrals", backlog);
        row("plain KafkaConsumer on referrals (limit)", backlog, plain, "", "");

        // 3. Each consumer on its backlog, alone on the machine with the broker and the database.
        catchUp("triage-service", "triage", Map.of("referrals", (long) backlog), "assessments");
        catchUp("hub-allocation-service", "hub_allocation", Map.of("assessments", (long) backlog,
                "referrals", (long) backlog), "allocations");
        catchUp("referral-service", "referral", Map.of("assessments", (long) backlog, "allocations", (long) backlog), null);

        // 4. The relay alone, in referral-service (its consumers idle now): few keys, then one key a row.
        relay("referral", "bench.relay.six-keys", 6);
        relay("referral", "bench.relay.every-row-a-key", backlog);
        stopAll();
        debezium("bench.debezium.six-keys", 6);
        debezium("bench.debezium.every-row-a-key", backlog);

        // 5. The database's limit.
        pgbench(1);
        pgbench(8);

        // 6. Triage under a steady intake, which referral-service takes (stopped with the relay above).
        steadyIntake();
        print();
    }

    // ------------------------------------------------------------------------------------------

    /** Posts {@code count} new referrals with {@code connections} in flight; returns the rate of 201s. */
    double postReferrals(int count, int connections, String token) throws InterruptedException {
        Semaphore inFlight = new Semaphore(connections);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            send(referral(), token).whenComplete((status, failure) -> {
                if (failure != null || status != 201) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(connections);
        inFlight.release(connections);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            say("benchmark: %,d of %,d referrals were not accepted", failed.get(), count);
        }
        say("benchmark: %,d referrals posted in %.1f s", count, seconds);
        return (count - failed.get()) / seconds;
    }

    java.util.concurrent.CompletableFuture<Integer> send(String body, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("referral-service") + "/api/referrals"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    String referral() {
        long n = sequence.incrementAndGet();
        String district = HUB_DISTRICTS.get((int) (n % HUB_DISTRICTS.size()));
        return "{\"source\":\"GP\",\"sourceSystem\":\"https://benchmark.homefirst.example/Id/referral\","
                + "\"sourceReferralId\":\"" + runId + "-" + n + "\",\"requestedUrgency\":\"CRISIS\",\"receivedAt\":\""
                + Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS) + "\",\"clinicalNeeds\":[\"FALLS\"],"
                + "\"reason\":{\"text\":\"Fall at home, unable to get up\",\"snomedCode\":\"1912002\"},"
                + "\"patient\":{\"nhsNumber\":\"" + TestPatients.nhsNumber() + "\",\"givenName\":\"Ada\",\"familyName\":\"Lovelace\","
                + "\"dateOfBirth\":\"1941-03-02\",\"postcode\":\"" + district + " 4TU\",\"gpPracticeOdsCode\":\"C82001\"},"
                + "\"referrer\":{\"organisationOdsCode\":\"C82001\",\"role\":\"GP\",\"name\":\"Dr A Patel\"}}";
    }

    /** The broker requires SASL/SCRAM (LocalInfrastructure): the benchmark's own clients connect as its super-user. */
    static Map<String, Object> kafkaClient(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("security.protocol", "SASL_PLAINTEXT");
        all.put("sasl.mechanism", "SCRAM-SHA-512");
        all.put("sasl.jaas.config", env("HOMEFIRST_KAFKA_ADMIN_JAAS_CONFIG"));
        return all;
    }

    /** A fresh group reads {@code expected} records from the start of the topic, doing nothing with them. */
    double plainConsumer(String topic, long expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-" + runId);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.putAll(kafkaClient(Map.of()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long read = 0;
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < expected && System.nanoTime() < deadline) {
                int got = consumer.poll(Duration.ofMillis(500)).count();
                if (got > 0 && first == 0) {
                    first = System.nanoTime();
                }
                read += got;
            }
            consumer.commitSync();
            return read / ((System.nanoTime() - first) / 1e9);
        }
    }

    /**
     * Starts the service on its backlog and follows its group's committed offsets until it has
     * consumed every topic's expected count; the rate is from its first committed progress to its last.
     * Then waits for its outbox to be sent, and the rate at which that went out is read from the
     * output topic's record times.
     */
    void catchUp(String service, String database, Map<String, Long> expected, String output) throws Exception {
        Map<TopicPartition, Long> outputBefore = output == null ? Map.of() : endOffsets(output);
        // Where the group stood before the service started: it may commit while it starts.
        Map<String, Long> startOffsets = committedByTopic(service);
        start(service, database);
        Map<String, Long> firstMove = new HashMap<>();
        Map<String, Long> done = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        double loadStart = Machine.loadAverage();
        while (done.size() < expected.size() && System.nanoTime() < deadline) {
            Map<String, Long> committed = committedByTopic(service);
            long now = System.nanoTime();
            for (Map.Entry<String, Long> topic : expected.entrySet()) {
                long at = committed.getOrDefault(topic.getKey(), 0L);
                long from = startOffsets.getOrDefault(topic.getKey(), 0L);
                if (at > from) {
                    firstMove.putIfAbsent(topic.getKey(), now);
                }
                if (at - from >= topic.getValue()) {
                    done.putIfAbsent(topic.getKey(), now);
                }
            }
            Thread.sleep(250);
        }
        double loadEnd = Machine.loadAverage();
        for (String topic : expected.keySet()) {
            Long began = firstMove.get(topic);
            Long ended = done.get(topic);
            String label = service + " consuming " + topic;
            if (began == null || ended == null) {
                row(label, expected.get(topic), Double.NaN, "≥ 1,000", load(loadStart, loadEnd) + "; did not finish");
                continue;
            }
            // The first commit comes after a batch was applied: count from the poll before it, about a batch earlier.
            row(label, expected.get(topic), expected.get(topic) / Math.max(0.001, (ended - began) / 1e9), "≥ 1,000",
                    load(loadStart, loadEnd));
        }
        if (output != null) {
            awaitOutboxEmpty(database);
            Spread spread = spread(output, outputBefore);
            row(service + " relay → " + output + " (while consuming)", spread.count(), spread.rate(), "",
                    load(loadStart, Machine.loadAverage()));
            stop(service);
        }
    }

    /** {@code rows} outbox rows on a new topic, over {@code keys} keys, written in one statement; the relay's send rate. */
    void relay(String database, String topic, int keys) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // Not one of referral-service's topics under the broker's ACLs: the relay may write this one too.
        admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:referral-service", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                .all().get(30, TimeUnit.SECONDS);
        double loadStart = Machine.loadAverage();
        try (Connection connection = database(database); Statement statement = connection.createStatement()) {
            // Each row as large as a ReferralAllocated's data, and older than the handover grace, so any relay may take it at once.
            statement.executeUpdate("INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time,"
                    + " data, created_at) SELECT gen_random_uuid(), '" + topic + "', 'key-' || (g % " + keys + "),"
                    + " 'uk.nhs.homefirst.ReferralAllocated.v1', 'key-' || (g % " + keys + "), now(), repeat('x', 600),"
                    + " now() - interval '1 minute' FROM generate_series(1, " + backlog + ") g");
        }
        awaitOutboxEmpty(database);
        Spread spread = spread(topic, Map.of());
        row("outbox relay, " + String.format(Locale.ROOT, "%,d", keys) + " keys", spread.count(), spread.rate(), "≥ 5,000",
                load(loadStart, Machine.loadAverage()));
    }

    /**
     * The maintained alternative on the same rows: Debezium's PostgreSQL connector and outbox event
     * router, embedded, with the relay's producer settings (debezium/DebeziumRelay.java, on a classpath
     * of its own that run resolves), in the bench database, no service running. Its rate is read off
     * the record times on the topic, as the relay's is.
     */
    void debezium(String topic, int keys) throws Exception {
        String classpath = System.getenv("BENCH_DEBEZIUM_CLASSPATH");
        if (classpath == null) {
            say("benchmark: no BENCH_DEBEZIUM_CLASSPATH, so no Debezium row");
            return;
        }
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        double loadStart = Machine.loadAverage();
        Process debezium = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-XX:+UseSerialGC", "-cp", classpath,
                Path.of(env("BENCH_ROOT"), "platform-support/benchmark/debezium/DebeziumRelay.java").toString(),
                env("BENCH_POSTGRES_PORT"), "bench", kafka, topic, String.valueOf(backlog), String.valueOf(keys))
                .redirectErrorStream(true).redirectOutput(Path.of(env("BENCH_LOGS"), "debezium-" + topic + ".log").toFile())
                .start();
        if (!debezium.waitFor(15, TimeUnit.MINUTES)) {
            debezium.destroyForcibly();
        }
        String log = Files.readString(Path.of(env("BENCH_LOGS"), "debezium-" + topic + ".log"));
        if (!log.contains("DEBEZIUM done")) {
            say("benchmark: Debezium did not send them all; its log:%n%s", log.lines()
                    .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.startsWith("DEBEZIUM")).limit(20)
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
        Spread spread = spread(topic, Map.of());
        row("Debezium outbox router, " + String.format(Locale.ROOT, "%,d", keys) + " keys", spread.count(),
                spread.rate(), "≥ 5,000", load(loadStart, Machine.loadAverage()));
    }

    void pgbench(int clients) throws Exception {
        try (Connection connection = database("bench"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, data text NOT NULL)");
        }
        Path script = Files.createTempFile("insert", ".sql");
        Files.writeString(script, "INSERT INTO bench_insert (data) VALUES (repeat('x', 600));\n");
        double loadStart = Machine.loadAverage();
        Process pgbench = new ProcessBuilder(System.getenv().getOrDefault("PGBENCH", "pgbench"), "-n", "-M", "prepared",
                "-h", "127.0.0.1", "-p", env("BENCH_POSTGRES_PORT"), "-U", "postgres", "-c", String.valueOf(clients),
                "-j", String.valueOf(Math.min(clients, 2)), "-T", "15", "-f", script.toString(), "bench")
                .redirectErrorStream(true).start();
        pgbench.getOutputStream().close();
        String output = new String(pgbench.getInputStream().readAllBytes());
        pgbench.waitFor();
        java.util.regex.Matcher tps = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(output);
        double rate = tps.find() ? Double.parseDouble(tps.group(1)) : Double.NaN;
        if (Double.isNaN(rate)) {
            say("benchmark: pgbench said: %s", output);
        }
        row("pgbench, one-row INSERT a transaction, " + clients + (clients == 1 ? " client" : " clients") + " (limit)",
                -1, rate, "", load(loadStart, Machine.loadAverage()));
    }

    /** Starts referral-service and triage, measures triage under the steady intake, and stops them. */
    void steadyIntake() throws Exception {
        start("referral-service", "referral");
        start("triage-service", "triage");
        steady(token("referrer"));
        stopAll();
    }

    /**
     * Referrals posted at a steady rate while triage runs: how long after each was on the referrals
     * topic triage had recorded its decision, and announced it on assessments.
     */
    void steady(String token) throws Exception {
        // A freshly started triage is slow (its code not yet compiled): the rate runs a while uncounted first.
        atRate(token, Duration.ofSeconds(30));
        Map<TopicPartition, Long> referralsFrom = endOffsets("referrals");
        Map<TopicPartition, Long> assessmentsFrom = endOffsets("assessments");
        double loadStart = Machine.loadAverage();
        long accepted = atRate(token, steadyFor);
        Thread.sleep(10_000);
        double loadEnd = Machine.loadAverage();
        Map<String, Long> received = recordTimes("referrals", referralsFrom);
        Map<String, Long> announced = recordTimes("assessments", assessmentsFrom);
        Map<String, Long> decided = new HashMap<>();
        try (Connection connection = database("triage"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT referral_id, recorded_at FROM triage_decision")) {
            while (rs.next()) {
                decided.put(rs.getString(1), rs.getTimestamp(2).getTime());
            }
        }
        List<Long> behind = new ArrayList<>();
        List<Long> endToEnd = new ArrayList<>();
        received.forEach((id, at) -> {
            if (decided.containsKey(id)) {
                behind.add(decided.get(id) - at);
            }
            if (announced.containsKey(id)) {
                endToEnd.add(announced.get(id) - at);
            }
        });
        String load = load(loadStart, loadEnd);
        row(String.format(Locale.ROOT, "triage at %d referrals/s: decision recorded after the referral was on the topic,"
                + " p50 / p99 / max (ms)", steadyRate), received.size(), Double.NaN, "≤ 1 s behind",
                load + "; " + percentiles(behind) + "; " + accepted + " accepted");
        row("… and announced on assessments, p50 / p99 / max (ms)", endToEnd.size(), Double.NaN, "",
                percentiles(endToEnd));
    }

    /** Posts referrals at the steady rate for {@code length}; returns how many were accepted. */
    long atRate(String token, Duration length) throws InterruptedException {
        long period = 1_000_000_000L / steadyRate;
        long next = System.nanoTime();
        long end = next + length.toNanos();
        List<java.util.concurrent.CompletableFuture<Integer>> sent = new ArrayList<>();
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sent.add(send(referral(), token));
            next += period;
        }
        // A request that timed out counts as not accepted: the figure says how many were, rather than the run ending.
        return sent.stream().map(f -> f.exceptionally(failure -> -1).join()).filter(s -> s == 201).count();
    }

    // ------------------------------------------------------------------------------------------
    // Kafka

    Map<String, Long> committedByTopic(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getValue() != null).collect(Collectors.groupingBy(
                    e -> e.getKey().topic(), Collectors.summingLong(e -> e.getValue().offset())));
        } catch (Exception e) {
            return Map.of();
        }
    }

    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The record time of each key on the topic, from the given offsets on. */
    Map<String, Long> recordTimes(String topic, Map<TopicPartition, Long> from) throws Exception {
        Map<String, Long> times = new HashMap<>();
        forEachRecord(topic, from, record -> times.putIfAbsent(record.key(), record.timestamp()));
        return times;
    }

    record Spread(long count, double rate) {
    }

    /** How many records the topic got after {@code from}, and at what rate: count over the span of their record times. */
    Spread spread(String topic, Map<TopicPartition, Long> from) throws Exception {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
        forEachRecord(topic, from, record -> {
            span[0] = Math.min(span[0], record.timestamp());
            span[1] = Math.max(span[1], record.timestamp());
            span[2]++;
        });
        return new Spread(span[2], span[2] / Math.max(0.001, (span[1] - span[0]) / 1000.0));
    }

    void forEachRecord(String topic, Map<TopicPartition, Long> from, java.util.function.Consumer<ConsumerRecord<String, byte[]>> action)
            throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.putAll(kafkaClient(Map.of()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            ends.keySet().forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline && ends.keySet().stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        action.accept(record);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Services and the database

    String url(String service) {
        return "http://127.0.0.1:" + port(service);
    }

    int port(String service) {
        return basePort + switch (service) {
            case "referral-service" -> 1;
            case "triage-service" -> 2;
            case "hub-allocation-service" -> 3;
            default -> 4;
        };
    }

    void start(String service, String database) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = service.equals("referral-service") ? referralServiceJavaOptions : serviceJavaOptions;
        command.addAll(List.of(options.trim().split("\\s+")));
        command.addAll(List.of("-jar", apps.resolve(service).resolve("quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + ".log").toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port(service)));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbc + database);
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        builder.environment().put("QUARKUS_OIDC_AUTH_SERVER_URL", env("HOMEFIRST_ISSUER"));
        // Each service as its own Kafka principal, as deploy/local/run starts it.
        builder.environment().put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        builder.environment().put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        builder.environment().put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + service + "\" password=\""
                + env("HOMEFIRST_KAFKA_PASSWORD_" + service.toUpperCase(Locale.ROOT).replace('-', '_')) + "\";");
        long begin = System.nanoTime();
        Process process = builder.start();
        running.put(service, process);
        long deadline = begin + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + logs);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready")).timeout(Duration.ofSeconds(3))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    say("benchmark: %s ready in %.1f s", service, (System.nanoTime() - begin) / 1e9);
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " not ready within 3 minutes; see " + logs);
    }

    void stop(String service) throws InterruptedException {
        Process process = running.remove(service);
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    void stopAll() {
        for (String service : List.copyOf(running.keySet())) {
            try {
                stop(service);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void awaitOutboxEmpty(String database) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = database(database); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM outbox_unpublished")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the outbox of " + database + " was not empty within 30 minutes");
    }

    Connection database(String name) throws SQLException {
        return DriverManager.getConnection(jdbc + name, "postgres", "postgres");
    }

    String token(String role) {
        return identity.tokenFor(DemoUser.standard(role), identityAdmin, env("HOMEFIRST_DEMO_USER_PASSWORD"));
    }

    // ------------------------------------------------------------------------------------------
    // Output

    void row(String what, long events, double rate, String goal, String note) {
        String[] row = {what, events < 0 ? "" : String.format(Locale.ROOT, "%,d", events),
                Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%,.0f", rate), goal, note};
        table.add(row);
        say("benchmark: %s", String.join(" | ", row));
    }

    void print() {
        StringBuilder out = new StringBuilder("\n| what | events | a second | goal | load average, notes |\n|---|---|---|---|---|\n");
        table.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
        out.append("\nmachine: ").append(Machine.describe()).append('\n');
        System.out.print(out);
    }

    static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%d / %d / %d", sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)), sorted.get(sorted.size() - 1));
    }

    static String load(double start, double end) {
        return String.format(Locale.ROOT, "%.2f → %.2f", start, end);
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run platform-support/benchmark/run");
        }
        return value;
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%s %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(Locale.ROOT, format, args));
    }
}
