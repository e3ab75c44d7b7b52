import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The referral-service benchmark: drives {@code POST /api/referrals} at rising concurrency with
 * unique valid referrals, and measures PostgreSQL's own one-row-insert rate with pgbench at the
 * same concurrency against the same server, then prints both and their ratio.
 *
 * <p>Run through {@code referral-service/benchmark/run}, which starts Kafka, PostgreSQL and the
 * service first. Plain JDK, no dependencies: {@code java ReferralBenchmark.java --help}.
 *
 * <p>How it measures:
 * <ul>
 * <li>Closed model per level: N connections, each sending its next referral as soon as the
 * previous one is answered, over HTTP/1.1 keep-alive. The first seconds of a level are not counted
 * (settle), then it counts every answer for the level's duration. Throughput is 201 answers per
 * second; latency is request written to answer read, per request; an error is any other answer or
 * a failed connection.</li>
 * <li>Between levels it waits until the outbox relay has published every event
 * ({@code homefirst_outbox_backlog} = 0), so that each level starts with the service idle and the
 * relay's work is paid for inside the level that caused it.</li>
 * <li>pgbench: a custom script of one INSERT into {@code bench_referral}, created
 * {@code LIKE referral INCLUDING ALL} (same columns, same indexes), prepared statements, N clients,
 * for the same duration. Its tps (without connection time) is the reference.</li>
 * <li>Half the peak: an open model at half the best throughput measured, requests scheduled at a
 * fixed interval and their latency counted from when each was due, so that a slow answer is not
 * hidden by the requests it delayed (coordinated omission).</li>
 * </ul>
 */
public final class ReferralBenchmark {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern TRANSACTIONS = Pattern.compile("number of transactions actually processed: ([0-9]+)");

    private final Options o;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    ReferralBenchmark(Options options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            return;
        }
        if (options.tokenUrl != null) {
            refreshTokens(options);
        }
        new ReferralBenchmark(options).run();
    }

    /**
     * The header line every request carries: a bearer token of the identity provider, as a referrer
     * system gets it (client credentials), fetched again every minute so that it never expires
     * mid-level; empty when the service is the benchmark's build without token validation.
     */
    static volatile String authorization = "";

    private static void refreshTokens(Options o) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(o.tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + java.net.URLEncoder.encode(o.clientId, StandardCharsets.UTF_8) + "&client_secret="
                        + java.net.URLEncoder.encode(o.clientSecret, StandardCharsets.UTF_8)))
                .build();
        java.util.concurrent.Callable<String> fetch = () -> {
            String body = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            // The token itself is opaque here: only the service checks it.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("no access_token from " + o.tokenUrl);
            }
            return "\r\nAuthorization: Bearer " + m.group(1);
        };
        authorization = fetch.call();
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "token-refresh");
            t.setDaemon(true);
            return t;
        }).scheduleWithFixedDelay(() -> {
            try {
                authorization = fetch.call();
            } catch (Exception e) {
                System.err.println("could not refresh the token: " + e);
            }
        }, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void summary(String line) {
        if (o.summary == null) {
            return;
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(o.summary), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "referral-service benchmark, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf(Locale.ROOT, "machine: %s, %d cores, %s; load average at start %s%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), memTotal(), loadAverage());
        System.out.printf(Locale.ROOT, "service: %s (pid %d), PostgreSQL %s:%d/%s, %s%n", o.url, o.pid, o.pgHost,
                o.pgPort, o.database, pgbenchVersion());
        System.out.printf(Locale.ROOT, "levels %s, %d s each after %d s settling; warm-up at least %d s at %d connections%n%n",
                o.levels, o.duration, o.settle, o.warmup, o.warmupConcurrency);

        double load = Double.parseDouble(loadAverage().split(" ")[0]);
        if (load > 1.0) {
            System.out.printf(Locale.ROOT, "warning: the machine is busy (load %.1f before starting): other processes take "
                    + "CPU from what is measured; see the 'others' column%n", load);
        }
        createInsertTable();
        Memory idle = memory();
        System.out.printf(Locale.ROOT, "memory idle after start: RSS %s, heap used %s%n", mb(idle.rss), mb(idle.heapUsed));

        warmUp(JSON);
        awaitOutboxDrained();
        checkpoint();

        List<Row> rows = new ArrayList<>();
        System.out.println();
        System.out.println(Row.HEADER);
        for (int concurrency : o.levels) {
            checkpoint();
            long walBefore = walPosition();
            long vacuumsBefore = vacuums();
            Cpu before = cpu();
            Level level = closedLevel(JSON, concurrency, o.settle, o.duration);
            // Includes the settling seconds and the relay's catching up: all of it is the level's work.
            long backlogAtEnd = outboxBacklog();
            Memory memory = memory();
            long drainMillis = awaitOutboxDrained();
            Cpu levelCpu = cpu().minus(before);
            long wal = walPosition() - walBefore;
            long vacuumed = vacuums() - vacuumsBefore;
            long requests = level.ok() + level.errors() + level.settled();
            int backends = o.postgresPid > 0 ? childrenOf(o.postgresPid).size() : 0;
            if (o.pgbenchEnabled) {
                checkpoint();
            }
            long pgWalBefore = walPosition();
            Cpu beforePg = cpu();
            Pgbench pg = o.pgbenchEnabled ? pgbench(concurrency) : new Pgbench(Double.NaN, Double.NaN, 0);
            awaitBackendsEnded(backends);
            Cpu pgCpu = cpu().minus(beforePg);
            long pgWal = walPosition() - pgWalBefore;
            Row row = new Row(concurrency, level, backlogAtEnd, drainMillis, memory, pg, levelCpu, requests, pgCpu, wal,
                    pgWal, vacuumed);
            rows.add(row);
            System.out.println(row);
            summary(String.format(Locale.ROOT, "%d %.1f %.1f %.1f %d", concurrency, level.throughput(), level.p(50),
                    level.p(99), level.errors()));
        }
        System.out.println();
        System.out.println("where the CPU went, in ms of CPU per request (per insert for pgbench), from /proc; "
                + "'others' is what the rest of the machine used meanwhile, and 'steal' what the host took from its "
                + "virtual CPUs (time they were ready to run and the hypervisor ran something else), both as a share of its "
                + cores() + " cores; "
                + "WAL is the bytes of PostgreSQL's write-ahead log per request (per insert), all of which the disk must flush; "
                + "vac is how many times autovacuum ran on the service's tables (their PostgreSQL CPU counts it)");
        System.out.println(Row.CPU_HEADER);
        rows.forEach(row -> System.out.println(row.cpuLine()));

        Row peak = rows.stream().max((a, b) -> Double.compare(a.level.throughput(), b.level.throughput())).orElseThrow();
        double pgPeak = rows.stream().mapToDouble(r -> r.pg.tps).max().orElse(Double.NaN);
        double halfRate = peak.level.throughput() / 2;
        int pacedConnections = o.pacedConnections > 0 ? o.pacedConnections : Math.max(peak.concurrency, 8);
        System.out.printf(Locale.ROOT, "%nhalf the peak: %.0f req/s offered at a fixed interval over %d connections, %d s...%n",
                halfRate, pacedConnections, o.duration);
        awaitOutboxDrained();
        checkpoint();
        System.out.printf(Locale.ROOT, "  (its seconds counted from %s)%n", Instant.now().plusMillis(100 + 1000L * o.settle));
        Map<String, Double> serviceBefore = metrics();
        Cpu beforeHalf = cpu();
        Level half = openLevel(halfRate, pacedConnections, o.settle, o.duration);
        Cpu halfCpu = cpu().minus(beforeHalf);
        Map<String, Double> service = metrics();
        double halfRequests = Math.max(1, half.ok() + half.errors() + half.settled());
        double batches = sum(service, "homefirst_intake_batches") - sum(serviceBefore, "homefirst_intake_batches");
        double batched = sum(service, "homefirst_intake_batched_referrals") - sum(serviceBefore, "homefirst_intake_batched_referrals");
        System.out.printf(Locale.ROOT, "where the CPU went, in ms per request: service %.2f, postgres %.2f, kafka %.2f, load gen %.2f, "
                + "total %.2f; the machine busy %.0f%% of its %d cores, others %.0f%%, the host's steal %.0f%%; "
                + "%.1f referrals per writer transaction%n",
                1000 * halfCpu.service() / halfRequests, 1000 * halfCpu.postgres() / halfRequests,
                1000 * halfCpu.kafka() / halfRequests, 1000 * halfCpu.generator() / halfRequests,
                1000 * halfCpu.ours() / halfRequests,
                100 * halfCpu.machineBusy() / halfCpu.seconds() / cores(), cores(),
                100 * halfCpu.others() / halfCpu.seconds() / cores(), 100 * halfCpu.steal() / halfCpu.seconds() / cores(),
                batched / Math.max(1, batches));
        System.out.printf(Locale.ROOT, "in the service, from a referral handed to the writer to its commit (last minutes): p50 %.1f ms, p99 %.1f ms%n",
                1000 * service.getOrDefault("homefirst_intake_commit_seconds{quantile=\"0.5\"}", Double.NaN),
                1000 * service.getOrDefault("homefirst_intake_commit_seconds{quantile=\"0.99\"}", Double.NaN));
        System.out.println("answers by latency (ms:count): " + histogram(half));
        System.out.printf(Locale.ROOT, "the latency in two parts: sent after it was due (every connection busy, or the "
                + "load generator's thread woken late) p50 %.1f ms, p99 %.1f ms; from sent to answered p50 %.1f ms, p99 %.1f ms%n",
                percentileMs(pacedLate, 50), percentileMs(pacedLate, 99), percentileMs(pacedServed, 50),
                percentileMs(pacedServed, 99));
        System.out.println("answers slower than 50 ms, by the second of the level they were due in (second:count): "
                + bySecond(slowBySecond));
        System.out.printf(Locale.ROOT, "the host's steal of the %d cores, by second of the level (second:share): %s%n", cores(),
                pacedSteal);
        double[] pgHalf = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (o.pgbenchEnabled) {
            awaitOutboxDrained();
            checkpoint();
            pgHalf = pgbenchAtRate(halfRate, pacedConnections);
        }
        Memory end = memory();
        summary(String.format(Locale.ROOT, "half %.1f %.1f %.1f %d", half.throughput(), half.p(50), half.p(99),
                half.errors()));

        System.out.println();
        System.out.println("summary");
        System.out.printf(Locale.ROOT, "  peak throughput          %8.1f req/s at %d connections (p50 %.1f ms, p99 %.1f ms)%n",
                peak.level.throughput(), peak.concurrency, peak.level.p(50), peak.level.p(99));
        System.out.printf(Locale.ROOT, "  pgbench peak             %8.1f inserts/s (one-row INSERT, prepared)%n", pgPeak);
        System.out.printf(Locale.ROOT, "  ratio at the same level  %8.2f (%d connections: %.1f / %.1f)%n",
                peak.level.throughput() / peak.pg.tps, peak.concurrency, peak.level.throughput(), peak.pg.tps);
        System.out.printf(Locale.ROOT, "  ratio peak to peak       %8.2f%n", peak.level.throughput() / pgPeak);
        System.out.printf(Locale.ROOT, "  at half the peak         %8.1f req/s offered, %.1f achieved, p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms, errors %d, host's steal %.0f%%%n", halfRate, half.throughput(), half.p(50), half.p(99),
                half.p(100), half.errors(), 100 * pacedStealShare);
        System.out.printf(Locale.ROOT, "  pgbench at that rate     %8.1f inserts/s offered, p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
                + "host's steal %.0f%% (the database and disk alone)%n", halfRate, pgHalf[0], pgHalf[1], pgHalf[2], 100 * pgHalf[3]);
        System.out.printf(Locale.ROOT, "  memory at the end        RSS %s (peak RSS %s), heap used %s of %s committed%n",
                mb(end.rss), mb(end.rssPeak), mb(end.heapUsed), mb(end.heapCommitted));
        double ratio = peak.level.throughput() / pgPeak;
        System.out.printf(Locale.ROOT, "  target ratio >= 0.5      %s%n", ratio >= 0.5 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "  target p99 < 50 ms at half the peak  %s%n", half.p(99) < 50 ? "MET" : "MISSED");
        if (o.fhirRate > 0) {
            compareFhir(o.fhirRate, pacedConnections);
        }
    }

    /**
     * JSON and FHIR posts of the same referral, one open level each at the same offered rate, in this
     * order, on the same service: the FHIR intake's p99 beside the JSON intake's. The FHIR body is the
     * service's own FHIR form of a referral it took as JSON (GET /fhir/ServiceRequest/{id}), with a new
     * source id and NHS number each time: a stock ServiceRequest with a contained Patient.
     */
    private void compareFhir(double rate, int connections) throws Exception {
        String template = fhirTemplate();
        Post fhir = new Post("/fhir/ServiceRequest", "application/fhir+json", () -> template
                .replace("%REFERRAL%", runId + "-f" + sequence.incrementAndGet()).replace("%NHS%", nhsNumber())
                .getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "%nJSON and FHIR at the same rate: %.0f req/s offered over %d connections, %d s each...%n",
                rate, connections, o.duration);
        awaitOutboxDrained();
        Level json = openLevel(rate, connections, o.settle, o.duration);
        // The JSON door was warmed before the levels; the FHIR door's own code (HAPI's parser and
        // validator) is compiled only under its own load, so it gets the same warm-up.
        warmUp(fhir);
        awaitOutboxDrained();
        Level fhirLevel = openLevel(fhir, rate, connections, o.settle, o.duration);
        System.out.printf(Locale.ROOT, "  JSON  POST /api/referrals       %.1f req/s achieved, p50 %.1f ms, p99 %.1f ms, errors %d%n",
                json.throughput(), json.p(50), json.p(99), json.errors());
        System.out.printf(Locale.ROOT, "  FHIR  POST /fhir/ServiceRequest %.1f req/s achieved, p50 %.1f ms, p99 %.1f ms, errors %d %s%n",
                fhirLevel.throughput(), fhirLevel.p(50), fhirLevel.p(99), fhirLevel.errors(), fhirLevel.errorKinds());
        System.out.printf(Locale.ROOT, "  target FHIR p99 within 2x of JSON's  %s (%.2fx)%n",
                fhirLevel.p(99) <= 2 * json.p(99) ? "MET" : "MISSED", fhirLevel.p(99) / json.p(99));
        summary(String.format(Locale.ROOT, "fhir %.1f %.1f %.1f %.1f", rate, json.p(99), fhirLevel.p(99),
                fhirLevel.p(99) / json.p(99)));
    }

    /** A referral posted as JSON, read back as FHIR, its source id and NHS number made placeholders. */
    private String fhirTemplate() throws Exception {
        String bearer = authorization.replace("\r\nAuthorization: ", "");
        String json = new String(referral(), StandardCharsets.UTF_8);
        String source = json.replaceAll(".*\"sourceReferralId\":\"([^\"]+)\".*", "$1");
        String nhs = json.replaceAll(".*\"nhsNumber\":\"([0-9]+)\".*", "$1");
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(o.url + "/api/referrals"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> created = http.send(bearer.isEmpty() ? post.build() : post.header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = created.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "no Location from POST /api/referrals: " + created.statusCode() + " " + created.body()));
        id = id.substring(id.lastIndexOf('/') + 1);
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(o.url + "/fhir/ServiceRequest/" + id))
                .header("Accept", "application/fhir+json");
        HttpResponse<String> read = http.send(bearer.isEmpty() ? get.build() : get.header("Authorization", bearer).build(),
                HttpResponse.BodyHandlers.ofString());
        if (read.statusCode() != 200 || !read.body().contains(source) || !read.body().contains(nhs)) {
            throw new IllegalStateException("GET /fhir/ServiceRequest/" + id + ": " + read.statusCode() + " " + read.body());
        }
        return read.body().replace(source, "%REFERRAL%").replace(nhs, "%NHS%");
    }

    // ------------------------------------------------------------------------------------------
    // HTTP load

    /**
     * Load, not counted, until the service's JIT compilers have settled: on two cores they compile
     * for a minute or more, and what they take is taken from the levels measured first. At least
     * {@code --warmup} seconds, then 10 s more at a time until the compiler threads used less than
     * 5% of a core, 5 minutes at most.
     */
    private void warmUp(Post post) throws InterruptedException {
        System.out.printf(Locale.ROOT, "warming up %s at %d connections (not counted) until the JIT settles...%n",
                post.path(), o.warmupConcurrency);
        long started = System.nanoTime();
        closedLevel(post, o.warmupConcurrency, 0, Math.max(0, o.warmup - 10));
        double compiling;
        do {
            double before = compilerCpu();
            closedLevel(post, o.warmupConcurrency, 0, 10);
            compiling = (compilerCpu() - before) / 10;
        } while (compiling > 0.05 && System.nanoTime() - started < Duration.ofMinutes(5).toNanos());
        System.out.printf(Locale.ROOT, "warmed up in %d s; the JIT compilers used %.0f%% of a core in the last 10 s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), 100 * compiling);
    }

    /** CPU seconds of the service's JIT compiler threads so far. */
    private double compilerCpu() {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc/" + o.pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String s = Files.readString(task.resolve("stat"));
                String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                    seconds += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or a thread ended while being read: counts as settled
        }
        return seconds;
    }

    /** Sleeps until {@link System#nanoTime} reaches {@code nanos}, however often the thread is woken early. */
    private static void parkUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Counts by second as "second:count ...", or "none". */
    private static String bySecond(Map<Long, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    /** Every answer of one level. */
    record Level(long[] latenciesNanos, long ok, long errors, Map<String, Long> errorKinds, double seconds, long settled) {
        double throughput() {
            return ok / seconds;
        }

        /** The latency percentile in ms, over the successful requests; 100 is the maximum. */
        double p(double percentile) {
            return percentileMs(latenciesNanos, percentile);
        }
    }

    /** What each connection counted: successes' latencies, errors by kind. */
    private static final long SLOW_NANOS = 50_000_000L;
    /** The open level's slow answers by second, for the summary. */
    private final Map<Long, Long> slowBySecond = new TreeMap<>();
    private long[] pacedLate = new long[0];
    private long[] pacedServed = new long[0];
    private String pacedSteal = "";
    private double pacedStealShare = Double.NaN;

    private static final class Tally {
        long[] latencies = new long[4096];
        int count;
        long errors;
        long uncounted;
        final Map<String, Long> errorKinds = new TreeMap<>();
        /** Answers slower than 50 ms, by the second (counted from the start of the level's counting) they were due in. */
        final Map<Long, Long> slowBySecond = new TreeMap<>();
        /** For the open level: how late each request was sent after it was due, and how long from sent to answered. */
        long[] late = new long[4096];
        long[] served = new long[4096];
        int paced;

        void paced(long lateNanos, long servedNanos) {
            if (paced == late.length) {
                late = Arrays.copyOf(late, paced * 2);
                served = Arrays.copyOf(served, paced * 2);
            }
            late[paced] = lateNanos;
            served[paced++] = servedNanos;
        }

        void ok(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        void error(String kind) {
            errors++;
            errorKinds.merge(kind, 1L, Long::sum);
        }
    }

    private Level closedLevel(Post post, int concurrency, int settleSeconds, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long countFrom = start + Duration.ofSeconds(settleSeconds).toNanos();
        long stopAt = countFrom + Duration.ofSeconds(seconds).toNanos();
        Tally[] tallies = new Tally[concurrency];
        Thread[] threads = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            Tally tally = tallies[i] = new Tally();
            threads[i] = new Thread(() -> {
                Connection connection = new Connection(o.host, o.port);
                try {
                    while (System.nanoTime() < stopAt) {
                        byte[] body = post.body().get();
                        long sent = System.nanoTime();
                        String outcome = connection.post(post.path(), post.contentType(), body);
                        long answered = System.nanoTime();
                        if (sent >= countFrom && answered <= stopAt) {
                            record(tally, outcome, answered - sent);
                        } else {
                            tally.uncounted++;
                        }
                    }
                } finally {
                    connection.close();
                }
            }, "load-" + i);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return merge(tallies, seconds);
    }

    /** Requests due at a fixed interval, taken by whichever connection is free; latency counts from when each was due. */
    /** What a level posts: where, as what, and a new body for each request. */
    private record Post(String path, String contentType, java.util.function.Supplier<byte[]> body) {
    }

    private final Post JSON = new Post("/api/referrals", "application/json", this::referral);

    private Level openLevel(double ratePerSecond, int connections, int settleSeconds, int seconds) throws InterruptedException {
        return openLevel(JSON, ratePerSecond, connections, settleSeconds, seconds);
    }

    private Level openLevel(Post post, double ratePerSecond, int connections, int settleSeconds, int seconds)
            throws InterruptedException {
        long interval = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime() + 100_000_000L;
        long countFrom = start + Duration.ofSeconds(settleSeconds).toNanos();
        long stopAt = countFrom + Duration.ofSeconds(seconds).toNanos();
        AtomicLong tickets = new AtomicLong();
        StealBySecond steal = new StealBySecond(countFrom, seconds);
        Tally[] tallies = new Tally[connections];
        Thread[] threads = new Thread[connections];
        for (int i = 0; i < connections; i++) {
            Tally tally = tallies[i] = new Tally();
            threads[i] = new Thread(() -> {
                Connection connection = new Connection(o.host, o.port);
                try {
                    while (true) {
                        long due = start + tickets.getAndIncrement() * interval;
                        if (due >= stopAt) {
                            break;
                        }
                        byte[] body = post.body().get();
                        parkUntil(due);
                        long sent = System.nanoTime();
                        String outcome = connection.post(post.path(), post.contentType(), body);
                        long answered = System.nanoTime();
                        if (due >= countFrom) {
                            record(tally, outcome, answered - due);
                            tally.paced(sent - due, answered - sent);
                            if (answered - due > SLOW_NANOS) {
                                tally.slowBySecond.merge((due - countFrom) / 1_000_000_000L, 1L, Long::sum);
                            }
                        } else {
                            tally.uncounted++;
                        }
                    }
                } finally {
                    connection.close();
                }
            }, "paced-" + i);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        slowBySecond.clear();
        for (Tally tally : tallies) {
            tally.slowBySecond.forEach((second, n) -> slowBySecond.merge(second, n, Long::sum));
        }
        pacedLate = Arrays.stream(tallies).flatMapToLong(t -> Arrays.stream(t.late, 0, t.paced)).sorted().toArray();
        pacedServed = Arrays.stream(tallies).flatMapToLong(t -> Arrays.stream(t.served, 0, t.paced)).sorted().toArray();
        pacedSteal = steal.awaitAndFormat();
        pacedStealShare = steal.share();
        return merge(tallies, seconds);
    }

    private static void record(Tally tally, String outcome, long nanos) {
        if ("201".equals(outcome)) {
            tally.ok(nanos);
        } else {
            tally.error(outcome);
        }
    }

    private static Level merge(Tally[] tallies, int seconds) {
        int total = Arrays.stream(tallies).mapToInt(t -> t.count).sum();
        long[] all = new long[total];
        int at = 0;
        long errors = 0;
        long uncounted = 0;
        Map<String, Long> kinds = new TreeMap<>();
        for (Tally t : tallies) {
            System.arraycopy(t.latencies, 0, all, at, t.count);
            at += t.count;
            errors += t.errors;
            uncounted += t.uncounted;
            t.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
        }
        Arrays.sort(all);
        return new Level(all, total, errors, kinds, seconds, uncounted);
    }

    /**
     * A referral no one sent before: a fresh NHS test number (999, valid modulus-11 check digit) and
     * a fresh source reference, as a GP system's would be.
     */
    private byte[] referral() {
        long n = sequence.incrementAndGet();
        Instant stated = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        // Concatenated rather than formatted: the load generator shares the two cores it measures.
        String json = "{\"source\":\"GP\",\"sourceSystem\":\"https://benchmark.homefirst.example/Id/referral\","
                + "\"sourceReferralId\":\"" + runId + "-" + n + "\",\"requestedUrgency\":\"CRISIS\",\"receivedAt\":\""
                + stated + "\",\"clinicalNeeds\":[\"FALLS\",\"FRAILTY_DECOMPENSATION\"],"
                + "\"reason\":{\"text\":\"Fall at home, unable to get up\",\"snomedCode\":\"161898004\"},"
                + "\"patient\":{\"nhsNumber\":\"" + nhsNumber() + "\",\"givenName\":\"Ada\",\"familyName\":\"Lovelace\","
                + "\"dateOfBirth\":\"1941-03-02\",\"postcode\":\"LE11 3TU\",\"gpPracticeOdsCode\":\"C82001\","
                + "\"phone\":\"0116 496 0000\"},"
                + "\"referrer\":{\"organisationOdsCode\":\"C82001\",\"role\":\"GP\",\"name\":\"Dr A Patel\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String nhsNumber() {
        while (true) {
            String first9 = String.valueOf(999_000_000 + ThreadLocalRandom.current().nextInt(1_000_000));
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (first9.charAt(i) - '0') * (10 - i);
            }
            int check = (11 - sum % 11) % 11;
            if (check != 10) {
                return first9 + check;
            }
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection, written and read by hand: the load generator shares the
     * machine's two cores with the service, so it should cost as little as it can.
     */
    private static final class Connection {
        private final String host;
        private final int port;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        Connection(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** Returns the status code as text, or the kind of failure. */
        String post(String path, byte[] body) {
            return post(path, "application/json", body);
        }

        String post(String path, String contentType, byte[] body) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), 5000);
                    socket.setSoTimeout(30_000);
                    out = socket.getOutputStream();
                    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                }
                String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + authorization
                        + "\r\nContent-Type: " + contentType + "\r\nAccept: " + contentType + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n";
                byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
                byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
                System.arraycopy(body, 0, request, headBytes.length, body.length);
                out.write(request);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                return e.getClass().getSimpleName();
            }
        }

        private String readResponse() throws IOException {
            String status = line();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 answer");
            }
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String header;
            while (!(header = line()).isEmpty()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            if (close) {
                close();
            }
            return status.substring(9, 12);
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-answer");
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int size = bytes.size();
                    byte[] b = bytes.toByteArray();
                    return new String(b, 0, size > 0 && b[size - 1] == '\r' ? size - 1 : size, StandardCharsets.US_ASCII);
                }
                bytes.write(c);
            }
            throw new IOException("connection closed");
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The service's own figures

    record Memory(long rss, long rssPeak, long heapUsed, long heapCommitted) {
    }

    private Memory memory() {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + o.pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux, or the process is gone: shown as n/a
        }
        Map<String, Double> metrics = metrics();
        return new Memory(rss, hwm, Math.round(sum(metrics, "jvm_memory_used_bytes{area=\"heap\"")),
                Math.round(sum(metrics, "jvm_memory_committed_bytes{area=\"heap\"")));
    }

    private static long kilobytes(String procLine) {
        return Long.parseLong(procLine.replaceAll("[^0-9]", ""));
    }

    private long outboxBacklog() {
        return Math.round(sum(metrics(), "homefirst_outbox_backlog"));
    }

    /** Waits until the relay has published every event; returns how long that took. */
    private long awaitOutboxDrained() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(120).toNanos();
        // The gauge is refreshed when the relay finds nothing left to send; give it a beat first.
        Thread.sleep(1200);
        while (outboxBacklog() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    private static String histogram(Level level) {
        long[] bounds = {5, 10, 20, 30, 40, 50, 75, 100, 200};
        long[] counts = new long[bounds.length + 1];
        for (long nanos : level.latenciesNanos()) {
            int i = 0;
            while (i < bounds.length && nanos > bounds[i] * 1_000_000L) {
                i++;
            }
            counts[i]++;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            out.append(i == 0 ? "" : " ").append(i < bounds.length ? "<=" + bounds[i] : ">" + bounds[bounds.length - 1])
                    .append(':').append(counts[i]);
        }
        return out.toString();
    }

    private Map<String, Double> metrics() {
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(o.url + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                try {
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
                    // a line of another shape
                }
            }
        } catch (IOException e) {
            // shown as n/a
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    private static double sum(Map<String, Double> metrics, String prefix) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    // ------------------------------------------------------------------------------------------
    // Where the CPU went: each process's user+system time from /proc, and the whole machine's

    /**
     * CPU seconds used so far by each part of the set-up, by the machine as a whole, and taken by
     * the host: steal is time a virtual CPU wanted to run and the hypervisor ran something else.
     */
    record Cpu(double service, double postgres, double kafka, double generator, double pgbenchClient, double machineBusy,
            double steal, double seconds) {
        Cpu minus(Cpu before) {
            return new Cpu(service - before.service, postgres - before.postgres, kafka - before.kafka,
                    generator - before.generator, pgbenchClient - before.pgbenchClient, machineBusy - before.machineBusy,
                    steal - before.steal, seconds - before.seconds);
        }

        /** What the measured set-up used: the service, PostgreSQL, the broker and the load generator. */
        double ours() {
            return service + postgres + kafka + generator;
        }

        /** What other processes of the machine used: builds, other services. */
        double others() {
            return Math.max(0, machineBusy - service - postgres - kafka - generator - pgbenchClient);
        }
    }

    private static final double TICKS = 100.0; // USER_HZ, 100 on Linux

    private Cpu cpu() {
        double postgres = Double.NaN;
        if (o.postgresPid > 0) {
            // The postmaster, its live backends, and (in its children's times) every backend that ended.
            postgres = processCpu(o.postgresPid, true);
            for (long child : childrenOf(o.postgresPid)) {
                postgres += processCpu(child, false);
            }
        }
        double[] self = selfCpu();
        return new Cpu(processCpu(o.pid, false), postgres, o.kafkaPid > 0 ? processCpu(o.kafkaPid, false) : Double.NaN,
                self[0], self[1], machineBusy(), steal(), System.nanoTime() / 1e9);
    }

    /** utime + stime (and, with {@code withChildren}, the times of its waited-for children), in seconds. */
    private static double processCpu(long pid, boolean withChildren) {
        String[] f = stat(pid);
        if (f == null) {
            return 0;
        }
        double ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / TICKS;
    }

    /** This JVM's own CPU (the load generator) and its ended children's (pgbench). */
    private static double[] selfCpu() {
        String[] f = stat(ProcessHandle.current().pid());
        if (f == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS,
                (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS};
    }

    /** The fields of /proc/PID/stat after the command name: f[1] is ppid, f[11..14] utime stime cutime cstime. */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Waits until pgbench's backends have ended and the postmaster has reaped them: only then is
     * their CPU time in the postmaster's children's times, and counted for pgbench.
     */
    private void awaitBackendsEnded(int backendsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (o.postgresPid > 0 && childrenOf(o.postgresPid).size() > backendsBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static List<Long> childrenOf(long parent) {
        List<Long> children = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    String[] f = stat(Long.parseLong(name));
                    if (f != null && Long.parseLong(f[1]) == parent) {
                        children.add(Long.parseLong(name));
                    }
                }
            }
        } catch (IOException e) {
            // no /proc: shown as n/a
        }
        return children;
    }

    /** CPU seconds the machine's processes and interrupts used (not the host's steal, not idle or I/O wait). */
    private static double machineBusy() {
        long[] f = procStatCpu();
        // cpu user nice system idle iowait irq softirq steal
        return f == null ? Double.NaN : (f[1] + f[2] + f[3] + f[6] + f[7]) / TICKS;
    }

    /** CPU seconds the host has taken from this machine's virtual CPUs (0 on bare metal). */
    static double steal() {
        long[] f = procStatCpu();
        return f == null ? Double.NaN : f[8] / TICKS;
    }

    /** The first line of /proc/stat: the whole machine's times, in ticks, from index 1. */
    private static long[] procStatCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = new long[9];
            for (int i = 1; i < ticks.length; i++) {
                ticks[i] = Long.parseLong(f[i]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The host's steal, as a share of this machine's cores, in each second from {@code fromNanos}
     * ({@link System#nanoTime}) for {@code seconds}: on a virtual machine the host can take the
     * CPUs for tens of milliseconds at a time, and every answer due then is late.
     */
    static final class StealBySecond {
        private final double[] shares;
        private final Thread thread;

        StealBySecond(long fromNanos, int seconds) {
            shares = new double[seconds];
            thread = new Thread(() -> {
                parkUntil(fromNanos);
                double before = steal();
                for (int i = 0; i < seconds; i++) {
                    parkUntil(fromNanos + (i + 1) * 1_000_000_000L);
                    double now = steal();
                    shares[i] = (now - before) / cores();
                    before = now;
                }
            }, "steal-by-second");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits for the last second, then returns "second:percent" for each. */
        String awaitAndFormat() throws InterruptedException {
            thread.join();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < shares.length; i++) {
                text.append(i == 0 ? "" : " ").append(i).append(':').append(Math.round(100 * shares[i])).append('%');
            }
            return text.toString();
        }

        /** The share over all the seconds. */
        double share() {
            return Arrays.stream(shares).average().orElse(Double.NaN);
        }
    }

    // ------------------------------------------------------------------------------------------
    // pgbench

    record Pgbench(double tps, double latencyMs, long transactions) {
    }

    private void createInsertTable() throws IOException, InterruptedException {
        psql("DROP TABLE IF EXISTS bench_referral; CREATE TABLE bench_referral (LIKE referral INCLUDING ALL);");
        Files.writeString(Path.of(o.workDir, "insert-referral.sql"), """
                \\set n random(0, 999999)
                INSERT INTO bench_referral (id, received_at, recorded_at, stated_received_at, source, source_system,
                    source_referral_id, requested_urgency, clinical_needs, reason_text, snomed_code, nhs_number, given_name,
                    family_name, date_of_birth, postcode, postcode_district, gp_practice_ods_code, phone, referrer_ods_code,
                    referrer_role, referrer_name, status)
                VALUES ((lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
                        || replace(substr(gen_random_uuid()::text, 16), '-', ''))::uuid,
                    now(), now(), now() - interval '5 minutes', 'GP',
                    'https://benchmark.homefirst.example/Id/referral',
                    'pgbench' || :client_id || '-' || (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, 'CRISIS',
                    ARRAY['FALLS', 'FRAILTY_DECOMPENSATION'], 'Fall at home, unable to get up', '161898004',
                    '999' || lpad(:n::text, 7, '0'), 'Ada', 'Lovelace', DATE '1941-03-02', 'LE11 3TU', 'LE11', 'C82001',
                    '0116 496 0000', 'C82001', 'GP', 'Dr A Patel', 'RECEIVED');
                """);
    }

    private Pgbench pgbench(int clients) throws IOException, InterruptedException {
        List<String> command = List.of(o.pgbench, "-h", o.pgHost, "-p", String.valueOf(o.pgPort), "-U", o.pgUser,
                "-n", "-M", "prepared", "-f", Path.of(o.workDir, "insert-referral.sql").toString(),
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, o.pgbenchThreads)),
                "-T", String.valueOf(o.duration), o.database);
        String output = exec(command);
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        Matcher transactions = TRANSACTIONS.matcher(output);
        if (!tps.find() || !transactions.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + output);
        }
        return new Pgbench(Double.parseDouble(tps.group(1)), latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN,
                Long.parseLong(transactions.group(1)));
    }

    /**
     * A checkpoint before each measurement, ours and pgbench's alike. PostgreSQL writes its WAL into
     * files it recycles after a checkpoint; a server that has not had one since its WAL grew must
     * create and zero a new 16 MB file every few seconds under this load, and every commit waits
     * while it does (the stalls show as WalInitWrite and WalInitSync in pg_stat_activity). A server
     * in service has recycled files ready; so does one that has just had a checkpoint.
     */
    private void checkpoint() throws IOException, InterruptedException {
        psql("CHECKPOINT");
    }

    /**
     * pgbench's one-row INSERT offered at a fixed rate (its {@code --rate}), each transaction's
     * latency counted from when it was due (its time plus its schedule lag, from {@code --log}), as
     * the open level counts ours: what the database and the disk alone give at that rate. Returns
     * p50, p99 and the maximum in ms, after the settling seconds.
     */
    private double[] pgbenchAtRate(double rate, int clients) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of(o.workDir, "pgbench-rate"));
        StealBySecond steal = new StealBySecond(System.nanoTime() + Duration.ofSeconds(o.settle).toNanos(), o.duration);
        exec(List.of(o.pgbench, "-h", o.pgHost, "-p", String.valueOf(o.pgPort), "-U", o.pgUser,
                "-n", "-M", "prepared", "-f", Path.of(o.workDir, "insert-referral.sql").toString(),
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, o.pgbenchThreads)),
                "-R", String.valueOf(Math.round(rate)), "-l", "--log-prefix=" + dir.resolve("log"),
                "-T", String.valueOf(o.settle + o.duration), o.database));
        List<long[]> transactions = new ArrayList<>();
        try (var logs = Files.list(dir)) {
            for (Path log : (Iterable<Path>) logs::iterator) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 7) {
                        long at = Long.parseLong(f[4]) * 1_000_000L + Long.parseLong(f[5]);
                        transactions.add(new long[] {at, Long.parseLong(f[2]) + Long.parseLong(f[6])});
                    }
                }
            }
        }
        long first = transactions.stream().mapToLong(t -> t[0]).min().orElse(0);
        long[] latencies = transactions.stream().filter(t -> t[0] >= first + o.settle * 1_000_000L)
                .mapToLong(t -> t[1] * 1000).sorted().toArray();
        Level level = new Level(latencies, latencies.length, 0, Map.of(), o.duration, 0);
        Map<Long, Long> slow = new TreeMap<>();
        transactions.stream().filter(t -> t[0] >= first + o.settle * 1_000_000L && t[1] * 1000 > SLOW_NANOS)
                .forEach(t -> slow.merge((t[0] - first) / 1_000_000L - o.settle, 1L, Long::sum));
        System.out.printf(Locale.ROOT, "pgbench at that rate: its inserts slower than 50 ms, by the second they ended in "
                + "(second:count): %s; the host's steal by second (second:share): %s%n",
                bySecond(slow), steal.awaitAndFormat());
        return new double[] {level.p(50), level.p(99), level.p(100), steal.share()};
    }

    /** How many times autovacuum has run on the service's own tables (not pgbench's). */
    private long vacuums() throws IOException, InterruptedException {
        return psqlNumber("SELECT coalesce(sum(autovacuum_count), 0) FROM pg_stat_user_tables WHERE relname <> 'bench_referral'");
    }

    /** Where PostgreSQL's write-ahead log has got to, in bytes since its start. */
    private long walPosition() throws IOException, InterruptedException {
        return psqlNumber("SELECT pg_current_wal_lsn() - '0/0'");
    }

    /** The one number a query answers. Read outside the CPU a level counts: psql's backend is PostgreSQL's too. */
    private long psqlNumber(String sql) throws IOException, InterruptedException {
        return Long.parseLong(psql(sql, "-At").trim());
    }

    /** Runs one statement through psql, stopping at an error, and returns what it printed. */
    private String psql(String sql, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(o.psql, "-h", o.pgHost, "-p", String.valueOf(o.pgPort), "-U",
                o.pgUser, "-v", "ON_ERROR_STOP=1", "-q"));
        command.addAll(List.of(options));
        command.addAll(List.of("-c", sql, o.database));
        return exec(command);
    }

    private String exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", o.pgPassword);
        Process process = builder.start();
        // pgbench runs for the level's whole duration: stopping the benchmark stops it too.
        Thread stopChild = new Thread(process::destroy);
        Runtime.getRuntime().addShutdownHook(stopChild);
        String output;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = String.join("\n", reader.lines().toList());
        }
        int exit = process.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopChild);
        if (exit != 0) {
            throw new IllegalStateException(command.get(0) + " failed:\n" + output);
        }
        return output;
    }

    private String pgbenchVersion() {
        try {
            return exec(List.of(o.pgbench, "--version")).trim();
        } catch (Exception e) {
            return "pgbench ?";
        }
    }

    // ------------------------------------------------------------------------------------------
    // Output

    record Row(int concurrency, Level level, long backlogAtEnd, long drainMillis, Memory memory, Pgbench pg,
            Cpu cpu, long requests, Cpu pgCpu, long walBytes, long pgWalBytes, long vacuums) {
        static final String HEADER = String.format(Locale.ROOT, "%5s %9s %8s %8s %8s %7s %8s %8s %8s %8s %10s %9s %6s",
                "conns", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "backlog", "drain s", "RSS MB", "heap MB",
                "pgbench/s", "pg avg ms", "ratio");
        static final String CPU_HEADER = String.format(Locale.ROOT,
                "%5s | %8s %8s %8s %8s %8s %7s %6s %7s %4s | %8s %8s %8s %7s %6s %7s",
                "conns", "service", "postgres", "kafka", "load gen", "total", "others", "steal", "WAL B", "vac", "postgres",
                "pgbench", "total", "others", "steal", "WAL B");

        @Override
        public String toString() {
            String row = String.format(Locale.ROOT, "%5d %9.1f %8.1f %8.1f %8.1f %7d %8d %8.1f %8s %8s %10.1f %9.2f %6.2f",
                    concurrency, level.throughput(), level.p(50), level.p(99), level.p(100), level.errors(), backlogAtEnd,
                    drainMillis / 1000.0, mbNumber(memory.rss), mbNumber(memory.heapUsed), pg.tps, pg.latencyMs,
                    level.throughput() / pg.tps);
            return level.errorKinds().isEmpty() ? row : row + "   errors: " + level.errorKinds();
        }

        String cpuLine() {
            double n = Math.max(1, requests);
            double inserts = Math.max(1, pg.transactions);
            double ours = cpu.ours();
            double theirs = pgCpu.postgres + pgCpu.pgbenchClient;
            return String.format(Locale.ROOT,
                    "%5d | %8.2f %8.2f %8.2f %8.2f %8.2f %6.0f%% %5.0f%% %7d %4d | %8.2f %8.2f %8.2f %6.0f%% %5.0f%% %7d",
                    concurrency, 1000 * cpu.service / n, 1000 * cpu.postgres / n, 1000 * cpu.kafka / n,
                    1000 * cpu.generator / n, 1000 * ours / n, 100 * cpu.others() / cpu.seconds / cores(),
                    100 * cpu.steal / cpu.seconds / cores(), Math.round(walBytes / n), vacuums,
                    1000 * pgCpu.postgres / inserts, 1000 * pgCpu.pgbenchClient / inserts, 1000 * theirs / inserts,
                    100 * pgCpu.others() / pgCpu.seconds / cores(), 100 * pgCpu.steal / pgCpu.seconds / cores(),
                    Math.round(pgWalBytes / inserts));
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : mbNumber(bytes) + " MB";
    }

    static String mbNumber(long bytes) {
        return bytes < 0 ? "n/a" : String.valueOf(Math.round(bytes / 1048576.0));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Math.round(kilobytes(l) / 1048576.0) + " GiB RAM").findFirst().orElse("? RAM");
        } catch (IOException e) {
            return "? RAM";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "0 0 0";
        }
    }

    // ------------------------------------------------------------------------------------------

    static final class Options {
        String url = "http://127.0.0.1:28081";
        String host;
        int port;
        long pid;
        long postgresPid;
        long kafkaPid;
        String pgHost = "127.0.0.1";
        int pgPort = 25432;
        String pgUser = "postgres";
        String pgPassword = "postgres";
        String database = "referral";
        String pgbench = "pgbench";
        String psql = "psql";
        int pgbenchThreads = 2;
        boolean pgbenchEnabled = true;
        /** Requests a second at which JSON and FHIR posts are compared; 0 for none. */
        double fhirRate = 100;
        List<Integer> levels = List.of(1, 2, 4, 8, 16, 32, 64);
        int duration = 15;
        int settle = 2;
        int warmup = 60;
        int warmupConcurrency = 8;
        /** Connections of the paced (open) level at half the peak; 0: as many as the peak level had. */
        int pacedConnections = 0;
        String workDir = System.getProperty("java.io.tmpdir");
        /** Where a referrer system gets its access token (the client credentials grant); none: no token sent. */
        String tokenUrl;
        String clientId;
        String clientSecret;
        /** A file the main figures are appended to, for run to set two runs side by side. */
        String summary;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--url" -> o.url = value;
                    case "--pid" -> o.pid = Long.parseLong(value);
                    case "--postgres-pid" -> o.postgresPid = Long.parseLong(value);
                    case "--kafka-pid" -> o.kafkaPid = Long.parseLong(value);
                    case "--pg-host" -> o.pgHost = value;
                    case "--pg-port" -> o.pgPort = Integer.parseInt(value);
                    case "--pg-user" -> o.pgUser = value;
                    case "--pg-password" -> o.pgPassword = value;
                    case "--database" -> o.database = value;
                    case "--pgbench" -> o.pgbench = value;
                    case "--psql" -> o.psql = value;
                    case "--pgbench-threads" -> o.pgbenchThreads = Integer.parseInt(value);
                    case "--levels" -> o.levels = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
                    case "--duration" -> o.duration = Integer.parseInt(value);
                    case "--settle" -> o.settle = Integer.parseInt(value);
                    case "--warmup" -> o.warmup = Integer.parseInt(value);
                    case "--warmup-concurrency" -> o.warmupConcurrency = Integer.parseInt(value);
                    case "--paced-connections" -> o.pacedConnections = Integer.parseInt(value);
                    case "--work-dir" -> o.workDir = value;
                    case "--token-url" -> o.tokenUrl = value;
                    case "--client-id" -> o.clientId = value;
                    case "--client-secret" -> o.clientSecret = value;
                    case "--summary" -> o.summary = value;
                    case "--fhir-rate" -> o.fhirRate = Double.parseDouble(value);
                    case "--no-pgbench" -> {
                        // Only the service, to compare two builds of it quickly.
                        o.pgbenchEnabled = false;
                        i--;
                    }
                    case "-h", "--help" -> {
                        System.out.println("""
                                java ReferralBenchmark.java --url http://127.0.0.1:28081 --pid <service pid> \\
                                    [--postgres-pid <postmaster pid>] [--kafka-pid <broker JVM pid>] \\
                                    --pg-port 25432 [--pg-host 127.0.0.1] [--database referral] [--levels 1,2,4,8,16,32,64] \\
                                    [--duration 15] [--settle 2] [--warmup 20] [--warmup-concurrency 8] [--paced-connections N] \\
                                    [--no-pgbench] [--work-dir DIR] [--summary FILE] [--fhir-rate R] \\
                                    [--token-url URL --client-id ID --client-secret SECRET]
                                Normally started by referral-service/benchmark/run, which starts the service and its
                                broker and database first.""");
                        return null;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
                }
                i++;
            }
            URI uri = URI.create(o.url);
            o.host = uri.getHost();
            o.port = uri.getPort();
            return o;
        }
    }
}
