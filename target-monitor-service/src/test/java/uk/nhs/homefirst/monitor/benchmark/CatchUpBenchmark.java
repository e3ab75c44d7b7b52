package uk.nhs.homefirst.monitor.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
import uk.nhs.homefirst.harness.KafkaBroker;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.ServiceProcess;

/**
 * The target monitor's benchmark (issue 4, point 7). It prints figures; it asserts nothing.
 *
 * <ol>
 * <li>Loads about 1,000,000 events (250,000 referrals over 28 days, six hubs) onto the topics of a
 * real broker, and times a plain {@code KafkaConsumer} reading them all, then the built monitor's
 * catch-up from the earliest offset (first record read until its figures are complete).</li>
 * <li>Times {@code GET /api/targets} (p50, p99, max of 2,000 sequential calls) with about 100,000
 * and then about 1,000,000 resolved clocks on the board.</li>
 * <li>Measures the monitor's heap per pending clock: 100,000 referrals with an open 18-week clock,
 * heap after a full GC before and after.</li>
 * </ol>
 * Run it with {@code target-monitor-service/benchmark/run}.
 */
public final class CatchUpBenchmark {

    private static final String[] HUBS = { "city-north-west", "city-south-east", "charnwood-nwl", "hinckley-bosworth",
            "melton-rutland", "south-leicestershire" };
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Random random = new Random(20261123);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final KafkaProducer<String, String> producer;
    private final String bootstrap;

    private CatchUpBenchmark(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        producer = new KafkaProducer<>(p);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        boolean catchUpOnly = Arrays.asList(args).contains("--catch-up-only");
        Path work = Files.createTempDirectory("monitor-benchmark-");
        System.out.println("Target monitor benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version"));
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), 0);
                PostgresServer postgres = PostgresServer.startEmbedded(work.resolve("postgres"), 0, false)) {
            broker.createTopics(Topics.ALL, 4);
            CatchUpBenchmark benchmark = new CatchUpBenchmark(broker.bootstrapServers());
            if (catchUpOnly) {
                benchmark.catchUpOnly(root, work, postgres);
            } else {
                benchmark.run(root, work, postgres);
            }
        }
    }

    /** Only the catch-up of point 1, on 250,000 referrals: quicker, for profiling the monitor. */
    private void catchUpOnly(Path root, Path work, PostgresServer postgres) throws Exception {
        load(250_000, Shape.FULL);
        PlainRead plain = plainConsumerBestOfTwo();
        long best = plain.nanos();
        double plainRate = plain.rate();
        ServiceProcess monitor = monitor(root, work, postgres, "bench-c");
        CatchUp catchUp = catchUp(monitor);
        if (System.getenv("MONITOR_HISTOGRAM") != null) {
            // What the state is made of: the classes taking most of the heap once caught up, and the
            // changelog published behind the board.
            Thread.sleep(20_000);
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process histogram = new ProcessBuilder(jcmd, String.valueOf(monitor.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().limit(40)
                    .forEach(System.out::println);
        }
        monitor.stop();
        double monitorRate = catchUp.records / catchUp.seconds;
        System.out.printf("plain KafkaConsumer %,.0f events/s (%.2f s, best of 2); monitor catch-up %,.0f events/s (%.2f s,"
                + " %.1f s of CPU); ratio %.2f%n", plainRate, best / 1e9, monitorRate, catchUp.seconds, catchUp.cpuSeconds,
                monitorRate / plainRate);
        producer.close();
    }

    private void run(Path root, Path work, PostgresServer postgres) throws Exception {
        // 1. 100,000 resolved clocks, and the latency of GET /api/targets with them.
        long loaded = load(111_000, Shape.FULL);
        ServiceProcess first = monitor(root, work, postgres, "bench-a").start(Duration.ofMinutes(10));
        awaitComplete(first);
        Latency small = latency(first);
        long resolvedSmall = resolvedClocks(first);
        first.stop();

        // 2. Up to about 1,000,000 events: the plain consumer, then the monitor's catch-up.
        loaded += load(139_000, Shape.FULL);
        PlainRead plain = plainConsumerBestOfTwo();
        long plainBest = plain.nanos();
        double plainRate = plain.rate();

        ServiceProcess second = monitor(root, work, postgres, "bench-b");
        CatchUp catchUp = catchUp(second);
        double monitorRate = catchUp.records / catchUp.seconds;

        // 3. Over 1,000,000 resolved clocks: 1,000,000 more referrals, triaged and allocated, never visited.
        int neverVisited = 1_000_000;
        long events = loaded + load(neverVisited, Shape.NEVER_VISITED);
        awaitSettled(second, events);
        Latency large = latency(second);
        long resolvedLarge = resolvedClocks(second);

        // 4. Heap per pending clock.
        long heapBefore = heapAfterGc(second);
        int pending = 100_000;
        events += load(pending, Shape.PENDING);
        awaitSettled(second, events);
        long heapAfter = heapAfterGc(second);
        long rss = second.residentKiB();
        second.stop();

        System.out.println();
        System.out.println("== Catch-up from the earliest offset ==");
        System.out.printf("events on the four topics            %,d%n", plain.records());
        System.out.printf("plain KafkaConsumer (best of 2)      %,.0f events/s (%.2f s)%n", plainRate, plainBest / 1e9);
        System.out.printf("target monitor catch-up              %,.0f events/s (%.2f s from first record to complete figures;"
                + " %.2f s from process start)%n", monitorRate, catchUp.seconds, catchUp.fromStart);
        System.out.printf("monitor CPU during the catch-up      %.1f s (of %.1f s on %d cores)%n", catchUp.cpuSeconds,
                catchUp.seconds * Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
        System.out.printf("ratio monitor / plain consumer       %.2f  (target >= 0.3)%n", monitorRate / plainRate);
        System.out.println();
        System.out.println("== GET /api/targets, 2,000 sequential calls after 500 to warm up ==");
        System.out.printf("%,9d resolved clocks: p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", resolvedSmall, small.p50,
                small.p99, small.max);
        System.out.printf("%,9d resolved clocks: p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (target p99 < 50 ms)%n",
                resolvedLarge, large.p50, large.p99, large.max);
        System.out.println();
        System.out.println("== Memory ==");
        System.out.printf("heap after full GC: %,d MiB before, %,d MiB after %,d pending clocks: %,d bytes per pending clock%n",
                heapBefore >> 20, heapAfter >> 20, pending, (heapAfter - heapBefore) / pending);
        System.out.printf("monitor resident memory at the end   %,d MiB (heap limit 6 GiB)%n", rss / 1024);
        System.out.printf("events loaded in all                 %,d%n", events);
        producer.close();
    }

    private enum Shape { FULL, NEVER_VISITED, PENDING }

    /** Produces referrals of the given shape; returns how many events. */
    private long load(int referrals, Shape shape) {
        long events = 0;
        long start = System.nanoTime();
        for (int i = 0; i < referrals; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String hub = HUBS[random.nextInt(HUBS.length)];
            Instant received = shape == Shape.PENDING
                    ? now.minus(Duration.ofHours(1 + random.nextInt(48)))
                    : now.minus(Duration.ofMinutes(3 * 24 * 60 + random.nextInt(24 * 24 * 60)));
            ResponseStandard standard;
            Pathway pathway;
            int roll = random.nextInt(100);
            if (shape == Shape.PENDING) {
                standard = ResponseStandard.EIGHTEEN_WEEK;
                pathway = Pathway.PLANNED_THERAPY;
            } else if (roll < 55) {
                standard = ResponseStandard.TWO_HOUR;
                pathway = Pathway.URGENT_CRISIS_RESPONSE;
            } else if (roll < 90) {
                standard = ResponseStandard.TWO_DAY;
                pathway = Pathway.HOME_FIRST_REABLEMENT;
            } else {
                standard = null;
                pathway = Pathway.NEIGHBOURHOOD_NURSING;
            }
            if (shape == Shape.FULL) {
                send(Topics.REFERRALS, id, ReferralReceived.TYPE, received(id, received));
                events++;
            }
            send(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(), 1,
                    received.plusSeconds(60), received, pathway, standard, "rules", "BENCHMARK", ReferralSource.GP,
                    RequestedUrgency.CRISIS, "LE11", "C82001"));
            send(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id, UUID.randomUUID().toString(),
                    1, hub, received.plusSeconds(120), AllocationMethod.POSTCODE_DISTRICT, pathway));
            events += 2;
            if (shape == Shape.FULL) {
                Duration limit = standard == ResponseStandard.TWO_DAY ? Duration.ofHours(48) : Duration.ofHours(2);
                long seconds = (long) (limit.toSeconds() * (0.2 + random.nextDouble() * 1.1));
                send(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(), id, hub,
                        received.plusSeconds(seconds), received.plusSeconds(seconds + 300), VisitOutcome.ATTENDED));
                events++;
            }
        }
        producer.flush();
        System.out.printf("loaded %,d referrals (%s): %,d events in %.1f s%n", referrals, shape, events,
                (System.nanoTime() - start) / 1e9);
        return events;
    }

    private ReferralReceived received(String id, Instant at) {
        String nhs = nhsNumber();
        return new ReferralReceived(id, at, at, at, ReferralSource.GP, null, null, RequestedUrgency.CRISIS,
                List.of(ClinicalNeed.FALLS), new ReferralReceived.Reason("Fall at home, cannot get up", "217082002"),
                new ReferralReceived.Patient(nhs, "Test", "Patient", LocalDate.of(1940, 1, 1).plusDays(random.nextInt(15000)),
                        "LE11 3TU", "LE11", "C82001", "07700 900123"),
                new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel"));
    }

    /** A valid 999 test NHS number. */
    private String nhsNumber() {
        while (true) {
            int[] d = new int[10];
            d[0] = 9;
            d[1] = 9;
            d[2] = 9;
            for (int i = 3; i < 9; i++) {
                d[i] = random.nextInt(10);
            }
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += d[i] * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                d[9] = check;
                StringBuilder s = new StringBuilder();
                Arrays.stream(d).forEach(s::append);
                return s.toString();
            }
        }
    }

    private void send(String topic, String key, String type, Object data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, Json.write(data));
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/homefirst/benchmark");
        header(record, CloudEventHeaders.TIME, now.toString());
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        producer.send(record);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain consumer, configured as the monitor's, reads the four topics from the beginning to their end. */
    private long plainConsumerReadsEverything() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS)) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long bytes = 0;
            while (read < total) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    bytes += record.value().length();
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("read nothing");
            }
            return read;
        }
    }

    private ServiceProcess monitor(Path root, Path work, PostgresServer postgres, String deployment) {
        String database = deployment.replace('-', '_');
        postgres.createDatabase(database);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("HOMEFIRST_MONITOR_CONSUMER_GROUP_ID", deployment);
        env.put("HOMEFIRST_MONITOR_CHANGELOG_TOPIC", deployment + ".response-clocks");
        return ServiceProcess.of(root, "target-monitor-service", env, work.resolve("logs"))
                .javaOptions(javaOptions());
    }

    /** The monitor's JVM options, and any in the environment variable {@code MONITOR_JAVA_OPTIONS} (such as a flight recording). */
    private static String[] javaOptions() {
        // The state lives as long as the process: objects that survive a young collection are promoted
        // at once rather than copied between survivor spaces up to 15 times, and the old generation is
        // not grown by full collections as the state grows (README, "Memory").
        List<String> options = new ArrayList<>(List.of("-Xms6g", "-Xmx6g", "-Xmn1g", "-XX:+UseParallelGC",
                "-XX:MaxTenuringThreshold=0"));
        String heap = System.getenv().getOrDefault("MONITOR_HEAP_OPTIONS", "").trim();
        if (!heap.isEmpty()) {
            // Other heap and collector settings to try, in place of the recommended ones.
            options = new ArrayList<>(Arrays.asList(heap.split("\\s+")));
        }
        String extra = System.getenv().getOrDefault("MONITOR_JAVA_OPTIONS", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return options.toArray(String[]::new);
    }

    /** The plain consumer's read of everything: how many records, in how many nanoseconds. */
    private record PlainRead(long records, long nanos) {
        double rate() {
            return records / (nanos / 1e9);
        }
    }

    /** The best of two reads of everything by the plain consumer, the second with the JIT warm. */
    private PlainRead plainConsumerBestOfTwo() {
        PlainRead best = null;
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            long records = plainConsumerReadsEverything();
            PlainRead read = new PlainRead(records, System.nanoTime() - start);
            if (best == null || read.nanos() < best.nanos()) {
                best = read;
            }
        }
        return best;
    }

    private record CatchUp(long records, double seconds, double fromStart, double cpuSeconds) {
    }

    /** CPU seconds per thread of the process (threads of one name summed: GC Thread#0, #1), from /proc. */
    private static Map<String, Double> cpuByThread(long pid) {
        Map<String, Double> cpu = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("#?\\d+$", "");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return cpu;
    }

    /** The CPU each kind of thread used between two readings, most first. */
    private static void printCpuByThread(Map<String, Double> before, Map<String, Double> after) {
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %-28s %5.2f s%n", e.getKey(), e.getValue()));
    }

    /** CPU time the process has used, user and system, in seconds; read from /proc (Linux), NaN elsewhere. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime, fields 14 and 15 of stat, in clock ticks of 1/100 s.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Starts the monitor on full topics; times its catch-up from its first record read to complete figures. */
    private CatchUp catchUp(ServiceProcess monitor) throws Exception {
        long launched = System.nanoTime();
        Thread starter = new Thread(() -> monitor.start(Duration.ofMinutes(15)));
        starter.start();
        long firstRead = 0;
        double cpuAtFirstRead = 0;
        Map<String, Double> threadsAtFirstRead = Map.of();
        JsonNode check = null;
        while (starter.isAlive()) {
            check = readiness(monitor);
            if (firstRead == 0 && check != null && check.path("data").path("recordsRead").asLong() > 0) {
                firstRead = System.nanoTime();
                cpuAtFirstRead = cpuSeconds(monitor.pid());
                threadsAtFirstRead = cpuByThread(monitor.pid());
            }
            Thread.sleep(100);
        }
        starter.join();
        long complete = System.nanoTime();
        double cpu = cpuSeconds(monitor.pid()) - cpuAtFirstRead;
        if (System.getenv("MONITOR_THREAD_CPU") != null) {
            System.out.println("monitor CPU by thread during the catch-up:");
            printCpuByThread(threadsAtFirstRead, cpuByThread(monitor.pid()));
        }
        check = readiness(monitor);
        long records = check.path("data").path("recordsRead").asLong();
        return new CatchUp(records, (complete - firstRead) / 1e9, (complete - launched) / 1e9, cpu);
    }

    private static JsonNode readiness(ServiceProcess monitor) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode check : Json.read(response.body(), JsonNode.class).path("checks")) {
                if (check.path("name").asText().startsWith("Target monitor")) {
                    return check;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static void awaitComplete(ServiceProcess monitor) throws InterruptedException {
        while (readiness(monitor) == null || !"UP".equals(readiness(monitor).path("status").asText())) {
            Thread.sleep(200);
        }
    }

    /** Waits until the monitor has read every event and its figures stop moving. */
    private static void awaitSettled(ServiceProcess monitor, long events) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20));
        while (Instant.now().isBefore(deadline)) {
            JsonNode check = readiness(monitor);
            if (check != null && check.path("data").path("recordsRead").asLong() >= events) {
                break;
            }
            Thread.sleep(1000);
        }
        List<Long> before;
        List<Long> after = List.of(resolvedClocks(monitor), pendingClocks(monitor));
        do {
            before = after;
            Thread.sleep(2000);
            after = List.of(resolvedClocks(monitor), pendingClocks(monitor));
        } while (!after.equals(before));
    }

    private static JsonNode targets(ServiceProcess monitor) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/api/targets"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return Json.read(response.body(), JsonNode.class);
    }

    /** Clocks resolved in the last 28 days, over every hub and standard: all the benchmark's. */
    private static long resolvedClocks(ServiceProcess monitor) throws Exception {
        long resolved = 0;
        for (JsonNode hub : targets(monitor).path("hubs")) {
            for (JsonNode standard : hub.path("standards")) {
                JsonNode w = standard.path("windows").get(2);
                resolved += w.path("met").asLong() + w.path("breached").asLong() + w.path("excluded").asLong();
            }
        }
        return resolved;
    }

    private static long pendingClocks(ServiceProcess monitor) throws Exception {
        long pending = 0;
        for (JsonNode hub : targets(monitor).path("hubs")) {
            for (JsonNode standard : hub.path("standards")) {
                pending += standard.path("windows").get(0).path("pending").asLong();
            }
        }
        return pending;
    }

    private record Latency(double p50, double p99, double max) {
    }

    private static Latency latency(ServiceProcess monitor) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/api/targets")).build();
        for (int i = 0; i < 500; i++) {
            HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        double[] millis = new double[2000];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /api/targets answered " + response.statusCode());
            }
        }
        Arrays.sort(millis);
        return new Latency(millis[1000], millis[(int) Math.ceil(millis.length * 0.99) - 1], millis[millis.length - 1]);
    }

    /** Heap used after a full collection, asked of the monitor's JVM with jcmd. */
    private static long heapAfterGc(ServiceProcess monitor) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, String.valueOf(monitor.pid()), "GC.run");
        Thread.sleep(500);
        run(jcmd, String.valueOf(monitor.pid()), "GC.run");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long used = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor();
    }
}
