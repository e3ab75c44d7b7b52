package uk.nhs.homefirst.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.Machine;
import uk.nhs.homefirst.harness.TestPatients;

/**
 * A benchmark, not a test: the time from a GP system's {@code POST /api/referrals} to the
 * referral's {@code ResponseAtRisk} on the target monitor's {@code GET /api/alerts/stream}, through
 * the whole platform (intake, outbox, triage, the monitor), at a steady rate. Each referral is a
 * crisis stated 100 minutes old, so its 2-hour clock is at risk (30 minutes margin) as soon as triage
 * starts it. Beside the latencies, each service's CPU at idle (a window with no traffic after the
 * warm-up, and its busiest threads) and under load. It prints figures and asserts nothing;
 * {@code end-to-end-tests/benchmark/run RATE SECONDS [WARM-UP [IDLE]]}.
 */
public final class AlertLatencyBenchmark {

    // HTTP/1.1 as the referrers' systems speak it; the JDK's default would try an h2c upgrade on each POST.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int idle = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String referrals = Platform.baseUrl("referral-service") + "/api/referrals";
        String stream = Platform.baseUrl("target-monitor-service") + "/api/alerts/stream";
        String referrer = Platform.token("referrer");
        String ops = Platform.token("ops");

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> atRiskAt = new ConcurrentHashMap<>();
        Map<String, Map<String, Long>> onTopic = new ConcurrentHashMap<>();
        listen(stream, ops, atRiskAt);
        observe(onTopic);
        Thread.sleep(2_000);

        // A warm-up at the same rate, not counted: the services' first requests are slow, and the JIT
        // compiles for a minute or more after that. Then a window with no traffic: what the services
        // spend doing nothing, which the loaded figures below include.
        AtomicInteger refusedInWarmUp = new AtomicInteger();
        send(referrals, referrer, rate, warmUp, new ConcurrentHashMap<>(), refusedInWarmUp);
        FAILURES.clear();
        settle();
        long[] machineIdleBefore = machineTicks();
        Map<String, Map<Long, Ticks>> idleBefore = threadTicks();
        long idleStart = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(idle));
        double idled = (System.nanoTime() - idleStart) / 1e9;
        Map<String, Map<Long, Ticks>> idleAfter = threadTicks();
        long[] machineIdleAfter = machineTicks();
        AtomicInteger refused = new AtomicInteger();
        long[] machineBefore = machineTicks();
        Map<String, Map<Long, Ticks>> cpuBefore = threadTicks();
        long start = System.nanoTime();
        send(referrals, referrer, rate, seconds, sentAt, refused);
        double sending = (System.nanoTime() - start) / 1e9;
        Map<String, Map<Long, Ticks>> cpuAfter = threadTicks();
        long[] machineAfter = machineTicks();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < waitUntil && !atRiskAt.keySet().containsAll(sentAt.keySet())) {
            Thread.sleep(200);
        }

        List<Long> millis = new ArrayList<>();
        sentAt.forEach((id, sent) -> {
            Long arrived = atRiskAt.get(id);
            if (arrived != null) {
                millis.add(TimeUnit.NANOSECONDS.toMillis(arrived - sent));
            }
        });
        millis.sort(null);
        System.out.printf("%nPOSTed %,d referrals in %.1f s (%d a second asked, %,d refused; in the warm-up %,d refused)%n",
                sentAt.size(), sending, rate, refused.get(), refusedInWarmUp.get());
        FAILURES.forEach((why, count) -> System.out.printf("  %,d %s%n", count.get(), why));
        if (!millis.isEmpty()) {
            System.out.printf("POST to ResponseAtRisk on the SSE stream: p50 %d ms, p99 %d ms, max %d ms; %,d never arrived%n",
                    millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1),
                    millis.get(millis.size() - 1), sentAt.size() - millis.size());
        }
        for (String topic : STAGES) {
            List<Long> stage = new ArrayList<>();
            Map<String, Long> seen = onTopic.getOrDefault(topic, Map.of());
            sentAt.forEach((id, sent) -> {
                Long at = seen.get(id);
                if (at != null) {
                    stage.add(TimeUnit.NANOSECONDS.toMillis(at - sent));
                }
            });
            stage.sort(null);
            if (!stage.isEmpty()) {
                System.out.printf("  POST to first on %-13s p50 %6d ms, p99 %6d ms (%,d seen)%n", topic,
                        stage.get(stage.size() / 2), stage.get((int) Math.ceil(stage.size() * 0.99) - 1), stage.size());
            }
        }
        System.out.printf("CPU (warm-up %d s at %d a second, then %.0f s idle, then %.0f s loaded):%n", warmUp, rate, idled,
                sending);
        cpuAfter.forEach((process, threads) -> {
            double idleCores = spent(idleBefore.get(process), idleAfter.get(process)) / idled;
            double loaded = spent(cpuBefore.get(process), threads);
            // Beyond what it spends at idle: the cost of the referrals themselves.
            double perReferral = (loaded - idleCores * sending) * 1000 / Math.max(1, sentAt.size());
            System.out.printf("  %-24s idle %.2f of a core; loaded %.2f, %.1f ms a referral beyond idle%n", process, idleCores,
                    loaded / sending, perReferral);
            System.out.printf("    busiest threads idle: %s; loaded: %s%n", busiest(idleBefore.get(process), idleAfter.get(process),
                    idled), busiest(cpuBefore.get(process), threads, sending));
        });
        System.out.printf("  the whole machine: idle window %s; loaded %s%n",
                machineBusy(machineIdleBefore, machineIdleAfter, idled), machineBusy(machineBefore, machineAfter, sending));
        System.out.printf("Machine: %s; load average at the end %.2f%n", Machine.describe(), Machine.loadAverage());
        // The platform stops at exit: the stream's reconnections from then on are not news.
        listening = false;
        System.exit(0);
    }

    /** The topics on the referral's way to its alert, in order; each stage is timed by when a consumer here first sees it. */
    private static final List<String> STAGES = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.TARGET_ALERTS);

    /**
     * Notes when each referral's first record arrives on each stage's topic, read committed as the services read, so
     * the time is split between referral-service (POST to referrals), triage (to assessments) and the monitor (to
     * target-alerts, then the SSE stream). Alerts are keyed by hub: their data names the referral.
     */
    private static void observe(Map<String, Map<String, Long>> onTopic) {
        Map<String, Object> properties = new java.util.HashMap<>(
                SharedInfrastructure.kafkaAdminProperties(SharedInfrastructure.kafkaBootstrapServers()));
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafkaBootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "alert-latency-benchmark-" + UUID.randomUUID());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(STAGES);
        Thread observer = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    LAST_SEEN.set(now);
                    String referralId = record.key();
                    if (Topics.TARGET_ALERTS.equals(record.topic())) {
                        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
                        if (type == null || !new String(type.value(), StandardCharsets.UTF_8).contains("ResponseAtRisk")) {
                            continue;
                        }
                        referralId = Json.read(new String(record.value(), StandardCharsets.UTF_8), JsonNode.class)
                                .path("referralId").asText();
                    }
                    onTopic.computeIfAbsent(record.topic(), t -> new ConcurrentHashMap<>()).putIfAbsent(referralId, now);
                }
            }
        }, "stage-observer");
        observer.setDaemon(true);
        observer.start();
    }

    /** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these. */
    private static final int CLOCK_TICKS = 100;
    /** When the stage observer last saw a record on any stage's topic. */
    private static final AtomicLong LAST_SEEN = new AtomicLong(System.nanoTime());

    /** Waits, 2 minutes at most, until no stage has seen a record for 5 s: the warm-up's referrals are through. */
    private static void settle() throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() - LAST_SEEN.get() < TimeUnit.SECONDS.toNanos(5) && System.nanoTime() < giveUp) {
            Thread.sleep(250);
        }
    }

    /** A thread's name and CPU time so far (user and system, in clock ticks). */
    private record Ticks(String name, long ticks) {
    }

    /**
     * Each process's threads and their CPU time so far, from /proc: the four services, and this JVM
     * (the broker, the load and the observers); what a referral costs each, and which threads spend
     * it. A thread that ended between two readings is not counted: the JVM's are long-lived.
     */
    private static Map<String, Map<Long, Ticks>> threadTicks() {
        Map<String, Map<Long, Ticks>> all = new java.util.LinkedHashMap<>();
        Platform.services().values().forEach(service -> all.put(service.name(), threadTicks(service.pid())));
        all.put("this JVM (broker, load)", threadTicks(ProcessHandle.current().pid()));
        return all;
    }

    private static Map<Long, Ticks> threadTicks(long pid) {
        Map<Long, Ticks> threads = new java.util.HashMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.put(Long.parseLong(task.getFileName().toString()), new Ticks(
                            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
                } catch (java.io.IOException | RuntimeException ended) {
                    // The thread ended while the folder was read.
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return threads;
    }

    /** The machine's CPU time so far, in clock ticks, from /proc/stat: all but nice, and nice (other work at nice 19). */
    private static long[] machineTicks() throws java.io.IOException {
        String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        return new long[] {user + system, nice};
    }

    /** Cores busy between two readings: not niced (the benchmark, PostgreSQL, the services), and niced. */
    private static String machineBusy(long[] before, long[] after, double seconds) {
        return String.format("%.2f cores busy, and %.2f at nice", (after[0] - before[0]) / (double) CLOCK_TICKS / seconds,
                (after[1] - before[1]) / (double) CLOCK_TICKS / seconds);
    }

    /** Seconds of CPU spent between two readings, by threads alive at the second (new ones from zero). */
    private static double spent(Map<Long, Ticks> before, Map<Long, Ticks> after) {
        long ticks = 0;
        for (var thread : after.entrySet()) {
            Ticks earlier = before.get(thread.getKey());
            ticks += thread.getValue().ticks() - (earlier == null ? 0 : earlier.ticks());
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** The three thread names (Linux keeps 15 characters) that spent most between two readings, in ms a second. */
    private static String busiest(Map<Long, Ticks> before, Map<Long, Ticks> after, double seconds) {
        Map<String, Long> byName = new java.util.HashMap<>();
        after.forEach((tid, thread) -> {
            Ticks earlier = before.get(tid);
            // Pools' threads by their name without the number: "vert.x-eventloop-thread-1" and -0 together.
            byName.merge(thread.name().replaceAll("[-#]?\\d+$", ""), thread.ticks() - (earlier == null ? 0 : earlier.ticks()),
                    Long::sum);
        });
        return byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> String.format("%s %.0f", e.getKey(), e.getValue() * 1000.0 / CLOCK_TICKS / seconds))
                .collect(java.util.stream.Collectors.joining(", ", "", " ms/s"));
    }

    /** Posts {@code rate} referrals a second for {@code seconds}, each timed from just before its request. */
    private static void send(String url, String token, int rate, int seconds, Map<String, Long> sentAt,
            AtomicInteger refused) throws InterruptedException {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        AtomicLong sent = new AtomicLong();
        long total = (long) rate * seconds;
        clock.scheduleAtFixedRate(() -> {
            if (sent.getAndIncrement() >= total) {
                return;
            }
            long at = System.nanoTime();
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(referral())).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (failure == null && response.statusCode() == 201) {
                            sentAt.put(Json.read(response.body(), JsonNode.class).get("id").asText(), at);
                            return;
                        }
                        refused.incrementAndGet();
                        String why = failure == null ? "answered " + response.statusCode()
                                : "failed: " + (failure.getCause() == null ? failure : failure.getCause()).getClass().getSimpleName();
                        FAILURES.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
                    });
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        while (sent.get() < total) {
            Thread.sleep(100);
        }
        clock.shutdown();
        Thread.sleep(3_000);
    }

    /**
     * Reads the SSE stream on a thread of its own, noting when each referral's first ResponseAtRisk arrives. A dropped
     * stream is opened again with Last-Event-ID, as the dashboard does, so the events in between still arrive.
     */
    private static volatile boolean listening = true;

    private static void listen(String url, String token, Map<String, Long> atRiskAt) {
        Thread listener = new Thread(() -> {
            String[] lastId = {null};
            while (listening) {
                try {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
                    if (lastId[0] != null) {
                        request.header("Last-Event-ID", lastId[0]);
                    }
                    HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request.build(),
                            HttpResponse.BodyHandlers.ofLines());
                    String[] event = {null};
                    response.body().forEach(line -> {
                        if (line.startsWith("event:")) {
                            event[0] = line.substring(6).trim();
                        } else if (line.startsWith("id:")) {
                            lastId[0] = line.substring(3).trim();
                        } else if (line.startsWith("data:") && "ResponseAtRisk".equals(event[0])) {
                            String referralId = Json.read(line.substring(5).trim(), JsonNode.class).path("referralId").asText();
                            atRiskAt.putIfAbsent(referralId, System.nanoTime());
                        } else if (line.isEmpty()) {
                            event[0] = null;
                        }
                    });
                    if (listening) {
                        System.err.println("The alert stream ended; opening it again");
                    }
                } catch (Exception e) {
                    if (listening) {
                        System.err.println("The alert stream failed (" + e + "); opening it again");
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "alert-stream");
        listener.setDaemon(true);
        listener.start();
    }

    /** A crisis referral from a Loughborough practice, stated 100 minutes old, for a fresh test patient. */
    private static String referral() {
        Instant stated = Instant.now().minus(Duration.ofMinutes(100)).truncatedTo(ChronoUnit.SECONDS);
        return """
                {
                  "source": "GP", "requestedUrgency": "CRISIS", "receivedAt": "%s",
                  "clinicalNeeds": ["FALLS"],
                  "reason": {"text": "Fall at home, cannot get up", "snomedCode": "217082002"},
                  "patient": {"nhsNumber": "%s", "givenName": "Test", "familyName": "Patient",
                              "dateOfBirth": "1950-05-17", "postcode": "LE11 3TU", "gpPracticeOdsCode": "C82001"},
                  "referrer": {"organisationOdsCode": "C82001", "role": "GP", "name": "Dr A Patel"}
                }
                """.formatted(stated, TestPatients.nhsNumber());
    }
}
