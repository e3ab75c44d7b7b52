package uk.nhs.homefirst.monitor.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.Machine;
import uk.nhs.homefirst.harness.KafkaBroker;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityClient;
import uk.nhs.homefirst.harness.identity.LocalIssuer;

/**
 * History does not cost: the target monitor after months of history at England's 2-hour volume (a
 * million referrals a year), for a 5× range of history lengths. It prints figures; it asserts
 * nothing. For each length, on a broker of its own:
 *
 * <ol>
 * <li>loads the history (each referral received, triaged (55% 2-hour, 35% 2-day, 10% none),
 * allocated and, but the last days', visited between 0.2 and 1.3 times its standard);</li>
 * <li>a plain {@code KafkaConsumer} reads the four topics (best of two): the limit;</li>
 * <li>a new monitor catches up on all of it, exactly once, from process start to ready;</li>
 * <li>heap after a full GC, resident memory, the stores' size on disk, {@code GET /api/targets}
 * p50 and p99 (2,000 calls after 500), restart-to-ready with its stores and with them deleted;</li>
 * <li>at the end, 100 referrals a second already at risk, each timed from its send to its
 * {@code ResponseAtRisk} on the SSE stream.</li>
 * </ol>
 * Run it with {@code target-monitor-service/benchmark/run [months...]}.
 */
public final class HistoryBenchmark {

    private static final String[] HUBS = { "city-north-west", "city-south-east", "charnwood-nwl", "hinckley-bosworth",
            "melton-rutland", "south-leicestershire" };
    private static final int REFERRALS_A_YEAR = 1_000_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The monitor answers ops: the local stack's stand-in issuer gives the benchmark an ops token. */
    private static LocalIssuer issuer;
    private static final String OPS_PASSWORD = UUID.randomUUID().toString();
    private static final List<String> INPUTS = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS,
            Topics.VISITS);

    private final Random random = new Random(20261206);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final KafkaProducer<String, String> producer;
    private final String bootstrap;
    /** Sends that failed (a batch can expire on a topic just created): sent again, so that the history is whole. */
    private final ConcurrentLinkedQueue<ProducerRecord<String, String>> failed = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    private HistoryBenchmark(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // The idempotent producer's first batches to a topic just created expired after 120 s in 5 of 9
        // tries on this machine (none of 6 without it); a failed send is sent again either way (load).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        this.producer = new KafkaProducer<>(p);
    }

    /** One row of the table. */
    private record Row(int months, long referrals, long events, double plainRate, double engineRate, CatchUp catchUp,
            long heapMiB, long rssMiB, long storeMiB, double p50, double p99, double restartSeconds,
            double restoreSeconds) {
    }

    /**
     * One catch-up: seconds from process start to ready, and from the first answer of the readiness
     * check with a lag (Kafka Streams running, the inputs' ends taken) to ready: the catch-up net of
     * the JVM's and Quarkus's start and the group's first assignment, with every record's work, the
     * first transactions and the JIT's warm-up in it; the lag every 5 s; events counted as late.
     */
    private record CatchUp(double fromStart, double running, double fromRunning, String lags, long lateEvents) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        List<Integer> lengths = args.length > 1 ? Arrays.stream(args).skip(1).map(Integer::valueOf).toList()
                : List.of(1, 2, 5);
        Path work = Files.createTempDirectory("monitor-benchmark");
        issuer = LocalIssuer.start(KafkaBroker.freePort(), Map.of("HOMEFIRST_DASHBOARD_URL", "http://localhost:8084",
                "HOMEFIRST_DASHBOARD_CLIENT_SECRET", UUID.randomUUID().toString(),
                "HOMEFIRST_DEMO_CLIENT_SECRET", UUID.randomUUID().toString()));
        new IdentityClient(issuer.baseUrl()).tokenFor(DemoUser.standard("ops"), issuer.admin(), OPS_PASSWORD);
        List<Row> rows = new ArrayList<>();
        Double[] atRisk = null;
        String variants = System.getenv("MONITOR_CATCH_UP_VARIANTS");
        for (int months : lengths) {
            try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka-" + months), 0)) {
                broker.createTopics(Topics.ALL, 4);
                broker.createTopics(List.of("engine-limit-out"), 4);
                HistoryBenchmark benchmark = new HistoryBenchmark(broker.bootstrapServers());
                if (variants != null) {
                    benchmark.variants(root, work, months, variants,
                            Integer.parseInt(System.getenv().getOrDefault("MONITOR_CATCH_UP_ROUNDS", "2")));
                } else {
                    rows.add(benchmark.history(root, work, months));
                }
                benchmark.producer.close();
            }
        }
        if (variants != null) {
            System.out.printf("%nMachine: %s; load average at the end %.2f%n", Machine.describe(), Machine.loadAverage());
            System.exit(0);
        }
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka-at-risk"), 0)) {
            broker.createTopics(Topics.ALL, 4);
            HistoryBenchmark benchmark = new HistoryBenchmark(broker.bootstrapServers());
            atRisk = benchmark.atRiskLatency(root, work);
            benchmark.producer.close();
        }
        System.out.println();
        System.out.println("| history | referrals | events (late) | plain consumer | Kafka Streams pass-through | catch-up (exactly once) from process start / from running | heap after GC | RSS | stores on disk | /api/targets p50 / p99 | restart to ready | restore from changelogs |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            CatchUp c = r.catchUp();
            System.out.printf("| %d months | %,d | %,d (%,d) | %,.0f ev/s | %,.0f ev/s | %,.0f ev/s (%.0f s) / %,.0f ev/s (%.0f s) | %,d MiB | %,d MiB | %,d MiB | %.1f / %.1f ms | %.1f s | %.1f s |%n",
                    r.months(), r.referrals(), r.events(), c.lateEvents(), r.plainRate(), r.engineRate(),
                    r.events() / c.fromStart(), c.fromStart(), r.events() / c.fromRunning(), c.fromRunning(),
                    r.heapMiB(), r.rssMiB(), r.storeMiB(), r.p50(), r.p99(), r.restartSeconds(), r.restoreSeconds());
        }
        if (atRisk != null) {
            System.out.printf("%nSent to ResponseAtRisk on GET /api/alerts/stream, %s referrals at 100 a second:"
                    + " p50 %.0f ms, p99 %.0f ms, max %.0f ms, %s never arrived%n", atRisk[0], atRisk[1], atRisk[2],
                    atRisk[3], atRisk[4]);
        }
        System.out.printf("%nMachine: %s; load average at the end %.2f%n", Machine.describe(), Machine.loadAverage());
        System.exit(0);
    }

    private Row history(Path root, Path work, int months) throws Exception {
        long referrals = (long) REFERRALS_A_YEAR * months / 12;
        long events = load(referrals, Duration.ofDays(30L * months));
        double plain = plainConsumerBestOfTwo(events);
        double engine = EngineLimit.rate(bootstrap, INPUTS, work.resolve("engine-" + months));

        Path state = work.resolve("state-" + months);
        ServiceProcess monitor = monitor(root, work, state, "history-" + months);
        CatchUp catchUp = catchUp(monitor, months, events, "");

        long heap = heapAfterGc(monitor) >> 20;
        long rss = monitor.residentKiB() / 1024;
        long store = size(state) >> 20;
        double[] latency = latency(monitor);

        monitor.stop();
        long started = System.nanoTime();
        monitor.start(Duration.ofMinutes(30));
        double restart = (System.nanoTime() - started) / 1e9;
        monitor.stop();
        deleteRecursively(state);
        started = System.nanoTime();
        monitor.start(Duration.ofMinutes(30));
        double restore = (System.nanoTime() - started) / 1e9;
        monitor.stop();
        return new Row(months, referrals, events, plain, engine, catchUp, heap, rss, store, latency[0],
                latency[1], restart, restore);
    }

    /**
     * Catch-ups only, to set settings against each other on one history: each variant (name=JVM
     * options, separated by ';'; options starting "@<root> " run the monitor built in that repository
     * root) catches up from nothing with a deployment, state and output topics of
     * its own, the variants taking turns, {@code rounds} times.
     */
    private void variants(Path root, Path work, int months, String variants, int rounds) throws Exception {
        long referrals = (long) REFERRALS_A_YEAR * months / 12;
        long events = load(referrals, Duration.ofDays(30L * months));
        if (!"false".equals(System.getenv("MONITOR_LIMITS"))) {
            plainConsumerBestOfTwo(events);
            EngineLimit.rate(bootstrap, INPUTS, work.resolve("engine-" + months));
        }
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String variant : variants.split(";")) {
                String name = variant.substring(0, variant.indexOf('=')).trim();
                String options = variant.substring(variant.indexOf('=') + 1).trim();
                // "@<repository root> <options>": that root's build of the monitor, to set two builds against each other.
                Path build = root;
                if (options.startsWith("@")) {
                    String[] rootAndOptions = options.substring(1).split("\\s+", 2);
                    build = Path.of(rootAndOptions[0]);
                    options = rootAndOptions.length > 1 ? rootAndOptions[1].trim() : "-Xmx1g";
                }
                String deployment = "history-" + months + "-" + name + "-" + round;
                List<String> javaOptions = new ArrayList<>(List.of(options.split("\\s+")));
                // Output topics of its own: the global stores read theirs whole, another deployment's too.
                for (String topic : List.of("board", "alert-list", "late-events", "figures")) {
                    javaOptions.add("-Dhomefirst.monitor.topics." + topic + "=" + deployment + "." + topic);
                }
                ServiceProcess monitor = monitor(build, work, work.resolve("state-" + deployment), deployment)
                        .javaOptions(javaOptions.toArray(String[]::new));
                String load = String.format("load %.2f", Machine.loadAverage());
                CatchUp c = catchUp(monitor, months, events, name + " round " + round + ": ");
                monitor.stop();
                lines.add(String.format("| %s | %d | %,.0f ev/s (%.1f s) | %,.0f ev/s (%.1f s, running after %.1f s) | %,d | %s, %.2f after | %s |",
                        name, round, events / c.fromStart(), c.fromStart(), events / c.fromRunning(), c.fromRunning(),
                        c.running(), c.lateEvents(), load, Machine.loadAverage(), options));
            }
        }
        System.out.printf("%n%d months, %,d events%n", months, events);
        System.out.println("| variant | round | from process start | from running | late events | load before, after | JVM options |");
        System.out.println("|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    /**
     * Starts the monitor on a backlog and times it: to ready from process start, and from Kafka
     * Streams running (the readiness check first answering with a lag) to ready, sampling the lag.
     */
    private CatchUp catchUp(ServiceProcess monitor, int months, long events, String label) throws Exception {
        List<double[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpRequest ready = HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        HttpRequest live = HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/q/health/live"))
                .timeout(Duration.ofSeconds(2)).build();
        double[] running = {Double.NaN};
        long started = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    // Kafka Streams' own state (the extension's liveness check): RUNNING once its tasks are assigned and restored.
                    if (Double.isNaN(running[0]) && HTTP.send(live, HttpResponse.BodyHandlers.ofString()).body()
                            .contains("\"RUNNING\"")) {
                        running[0] = (System.nanoTime() - started) / 1e9;
                    }
                    HttpResponse<String> response = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
                    JsonNode behind = Json.read(response.body(), JsonNode.class).findValue("recordsBehind");
                    if (behind != null && behind.asLong() >= 0) {
                        samples.add(new double[] {(System.nanoTime() - started) / 1e9, behind.asLong()});
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // Not listening yet.
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        monitor.start(Duration.ofMinutes(60));
        double fromStart = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();
        sampler.join();
        double runningAt = !Double.isNaN(running[0]) ? running[0] : samples.isEmpty() ? fromStart : samples.get(0)[0];
        StringBuilder lags = new StringBuilder();
        double next = 0;
        for (double[] sample : samples) {
            if (sample[0] >= next) {
                lags.append(String.format(" %.0fs:%,d", sample[0], (long) sample[1]));
                next = sample[0] + 5;
            }
        }
        long late = lateEvents(monitor);
        System.out.printf("%s%d months: caught up on %,d events (%,d of them late) in %.1f s from process start, %.1f s"
                + " from running (at %.1f s); records behind by time:%s%n", label, months, events, late, fromStart,
                fromStart - runningAt, runningAt, lags);
        return new CatchUp(fromStart, runningAt, fromStart - runningAt, lags.toString(), late);
    }

    /** Events the monitor set aside as too late for its state (dated before the lateness horizon), from its metrics. */
    private static long lateEvents(ServiceProcess monitor) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return (long) metrics.lines().filter(l -> l.startsWith("homefirst_monitor_late_events_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Referrals spread evenly over {@code span} up to now; the last two days' are not visited yet. */
    private long load(long referrals, Duration span) throws Exception {
        long events = 0;
        long start = System.nanoTime();
        for (long i = 0; i < referrals; i++) {
            Instant received = now.minus(span).plusMillis(span.toMillis() * i / referrals);
            events += referral(received, HUBS[random.nextInt(HUBS.length)],
                    received.isBefore(now.minus(Duration.ofDays(2))));
        }
        producer.flush();
        long again = 0;
        for (ProducerRecord<String, String> record; (record = failed.poll()) != null; again++) {
            send(record);
            if (failed.isEmpty()) {
                producer.flush();
            }
        }
        if (again > 0) {
            System.out.printf("%,d sends failed and were sent again; the first failure: %s%n", again, firstFailure.get());
        }
        long there = recordsOnInputs();
        System.out.printf("loaded %,d referrals over %d days: %,d events in %.1f s; %,d records on the input topics%n",
                referrals, span.toDays(), events, (System.nanoTime() - start) / 1e9, there);
        return there;
    }

    /** The records on the four input topics, by their offsets: the producer is not transactional, so there are no markers. */
    private long recordsOnInputs() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return uk.nhs.homefirst.monitor.topology.CatchUp.offsets(admin, INPUTS, Duration.ofSeconds(30)).values().stream().mapToLong(s -> s[1] - s[0]).sum();
        }
    }

    /** Sends one referral's events; returns how many. */
    private int referral(Instant received, String hub, boolean visited) {
        String id = UUID.randomUUID().toString();
        int roll = random.nextInt(100);
        ResponseStandard standard = roll < 55 ? ResponseStandard.TWO_HOUR
                : roll < 90 ? ResponseStandard.TWO_DAY : null;
        Pathway pathway = standard == ResponseStandard.TWO_HOUR ? Pathway.URGENT_CRISIS_RESPONSE
                : standard == ResponseStandard.TWO_DAY ? Pathway.HOME_FIRST_REABLEMENT : Pathway.NEIGHBOURHOOD_NURSING;
        send(Topics.REFERRALS, id, ReferralReceived.TYPE, received(id, received));
        send(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(), 1,
                received.plusSeconds(60), received, pathway, standard, "rules", "BENCHMARK", ReferralSource.GP,
                RequestedUrgency.CRISIS, "LE11", "C82001"));
        send(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id, UUID.randomUUID().toString(),
                1, hub, received.plusSeconds(120), AllocationMethod.POSTCODE_DISTRICT, pathway));
        if (!visited) {
            return 3;
        }
        Duration limit = standard == ResponseStandard.TWO_DAY ? Duration.ofHours(48) : Duration.ofHours(2);
        long seconds = (long) (limit.toSeconds() * (0.2 + random.nextDouble() * 1.1));
        send(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(), id, hub,
                received.plusSeconds(seconds), received.plusSeconds(seconds + 300), VisitOutcome.ATTENDED));
        return 4;
    }

    private ReferralReceived received(String id, Instant at) {
        return new ReferralReceived(id, at, at, at, ReferralSource.GP, null, null, RequestedUrgency.CRISIS,
                List.of(ClinicalNeed.FALLS), new ReferralReceived.Reason("Fall at home, cannot get up", "217082002"),
                new ReferralReceived.Patient("9990000018", "Test", "Patient",
                        LocalDate.of(1940, 1, 1).plusDays(random.nextInt(15000)), "LE11 3TU", "LE11", "C82001",
                        "07700 900123"),
                new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel"));
    }

    private void send(String topic, String key, String type, Object data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, Json.write(data));
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/homefirst/benchmark");
        header(record, CloudEventHeaders.TIME, Instant.now().toString());
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        send(record);
    }

    private void send(ProducerRecord<String, String> record) {
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                firstFailure.compareAndSet(null, e);
                failed.add(record);
            }
        });
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain consumer reads the four topics from the beginning to their end, twice: the better rate. */
    private double plainConsumerBestOfTwo(long events) {
        double best = 0;
        for (int round = 0; round < 2; round++) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
                List<TopicPartition> partitions = new ArrayList<>();
                INPUTS.forEach(t -> consumer.partitionsFor(t).forEach(i -> partitions.add(new TopicPartition(t, i.partition()))));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long read = 0;
                long start = System.nanoTime();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    read += consumer.poll(Duration.ofMillis(200)).count();
                }
                double rate = read / ((System.nanoTime() - start) / 1e9);
                best = Math.max(best, rate);
            }
        }
        System.out.printf("plain KafkaConsumer: %,.0f events/s (best of 2, %,d events)%n", best, events);
        return best;
    }

    /** A fresh token each time: the benchmark outlasts a token's 15 minutes. */
    private static String opsToken() {
        return new IdentityClient(issuer.baseUrl()).password(DemoUser.standard("ops").username(), OPS_PASSWORD);
    }

    private ServiceProcess monitor(Path root, Path work, Path state, String deployment) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", deployment);
        env.put("KAFKA_STREAMS_STATE_DIR", state.toString());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", issuer.issuer());
        return ServiceProcess.of(root, "target-monitor-service", env, work.resolve("logs-" + deployment))
                .javaOptions(System.getenv().getOrDefault("MONITOR_JAVA_OPTIONS", "-Xmx1g").split("\\s+"));
    }

    /** p50 and p99 of 2,000 sequential calls, after 500 to warm up, in milliseconds. */
    private static double[] latency(ServiceProcess monitor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/api/targets"))
                .header("Authorization", "Bearer " + opsToken()).build();
        double[] millis = new double[2000];
        for (int i = -500; i < millis.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /api/targets answered " + response.statusCode());
            }
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new double[] {millis[1000], millis[1979]};
    }

    /**
     * 100 referrals a second, each triaged 100 minutes after its stated receipt (20 minutes left of
     * its 2 hours: at risk at once), each timed from its send to its warning on the SSE stream.
     */
    private Double[] atRiskLatency(Path root, Path work) throws Exception {
        ServiceProcess monitor = monitor(root, work, work.resolve("state-at-risk"), "at-risk");
        monitor.start(Duration.ofMinutes(60));
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        HttpRequest stream = HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/api/alerts/stream"))
                .header("Authorization", "Bearer " + opsToken()).build();
        var listening = HTTP.sendAsync(stream, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            try (Stream<String> lines = response.body()) {
                lines.filter(l -> l.startsWith("data:")).forEach(line -> {
                    JsonNode data = Json.read(line.substring(5).trim(), JsonNode.class);
                    String id = data.path("referralId").asText();
                    if (sent.containsKey(id)) {
                        arrived.putIfAbsent(id, System.nanoTime());
                    }
                });
            }
        });
        Thread.sleep(2000);
        int count = 6000;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * 10_000_000L;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            String id = UUID.randomUUID().toString();
            Instant received = Instant.now().minus(Duration.ofMinutes(100));
            sent.put(id, System.nanoTime());
            send(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(), 1,
                    received.plusSeconds(60), received, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR,
                    "rules", "BENCHMARK", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"));
            producer.flush();
        }
        Thread.sleep(10_000);
        listening.cancel(true);
        double[] millis = sent.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                .mapToDouble(e -> (arrived.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
        monitor.stop();
        if (millis.length == 0) {
            return new Double[] {Double.NaN, Double.NaN, Double.NaN, (double) count, (double) count};
        }
        return new Double[] {(double) count, millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.99) - 1],
                millis[millis.length - 1], (double) (count - millis.length)};
    }

    /**
     * Live heap: the total of jcmd's class histogram, which counts the objects a full collection
     * leaves (the heap gauge would count what was allocated again between the collection and its read).
     */
    private static long heapAfterGc(ServiceProcess monitor) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process histogram = new ProcessBuilder(jcmd, String.valueOf(monitor.pid()), "GC.class_histogram").start();
        List<String> lines;
        try (InputStream out = histogram.getInputStream()) {
            lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        // What fills it, to tell what grows with history from what does not.
        lines.stream().skip(1).limit(10).forEach(System.out::println);
        String total = lines.stream().filter(l -> l.startsWith("Total")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no class histogram: " + lines));
        return Long.parseLong(total.trim().split("\\s+")[2]);
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
