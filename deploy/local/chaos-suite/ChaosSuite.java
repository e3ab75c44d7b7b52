import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import uk.nhs.homefirst.harness.Machine;
import uk.nhs.homefirst.harness.TestPatients;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityClient;
import uk.nhs.homefirst.harness.identity.IdentityProvider;

/**
 * The platform's fault-injection suite: faults an operator meets, injected one at a time into the
 * local stack under a steady load of referrals, each followed by a check that nothing was lost or
 * counted twice. {@code deploy/local/chaos} starts the stack on ports of its own and then this.
 *
 * <p>Throughout, referrals are posted to referral-service at a steady rate, as a GP system would
 * (an Idempotency-Key each, retried with the same key after a refusal or a lost connection), and
 * every second each service is asked for a record by its API and for its readiness, each with the
 * token of the role that may ask. For each fault it reports the requests refused (by status), the
 * longest any request waited, when the consumers had their partitions again (after a kill), how
 * long after the fault everything posted so far was triaged, allocated and counted, and how many
 * referrals were lost or counted twice. It asserts the bounds the services promise: an API answer
 * (a 503 at worst) within 5 s, a health answer within 2 s, every consumer running afterwards.
 *
 * <p>Run by {@code deploy/local/chaos}, on the test harness's classpath, with the stack's
 * addresses in the environment. Options: {@code --rate N} referrals a second (5),
 * {@code --freeze S} seconds of each freeze (60), {@code --faults a,b,...} (all, in order:
 * postgres-freeze, kafka-freeze, kill-referral-service, kill-triage-service,
 * kill-hub-allocation-service, kill-target-monitor-service, stalled-clients), {@code --report FILE}.
 */
public class ChaosSuite {

    static final List<String> SERVICES = List.of("referral-service", "triage-service", "hub-allocation-service",
            "target-monitor-service");
    static final List<String> FAULTS = List.of("postgres-freeze", "kafka-freeze", "kill-referral-service",
            "kill-triage-service", "kill-hub-allocation-service", "kill-target-monitor-service", "kill-triage-service-beside-a-peer",
            "stalled-clients");
    /** The consumer group of each service: the SmallRye channels' group id, or the Kafka Streams application id. */
    static final Map<String, String> GROUPS = Map.of("referral-service", "referral-service", "triage-service",
            "triage-service", "hub-allocation-service", "hub-allocation-service", "target-monitor-service",
            "target-monitor-service");
    /** Each hub with the postcode districts it covers (hub-allocation-service's reference data). */
    static final Map<String, List<String>> HUBS = orderedHubs();
    /** The one hub probed with the standard users' tokens: its districts are in the county LDU, and the hub-staff user's hub. */
    static final String PROBED_HUB = "charnwood-nwl";

    static final Duration API_BOUND = Duration.ofSeconds(5);
    static final Duration HEALTH_BOUND = Duration.ofSeconds(2);
    static final Duration RECOVERY_LIMIT = Duration.ofMinutes(10);
    static final Duration THROUGH_SLACK = Duration.ofSeconds(2);
    static final ObjectMapper JSON = new ObjectMapper();

    // ------------------------------------------------------------------------------------------
    // What happened: every request, every referral accepted

    /** One HTTP request: status 0 when no connection was made or it broke, -1 when no answer came in time. */
    record Call(String service, String kind, long startNanos, long endNanos, int status) {
        Duration waited() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        boolean health() {
            return kind.equals("health");
        }

        /** Not served: the service could not do it now (an answer to come back later), or no answer at all. */
        boolean refused() {
            return status <= 0 || status >= 500 || status == 409 || status == 429 || status == 401 || status == 403;
        }
    }

    /** A referral referral-service accepted (201, or 200 for a retry of an accepted one). */
    record Accepted(UUID id, String hub, long acceptedNanos) {
    }

    final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    final Map<UUID, Accepted> accepted = new ConcurrentHashMap<>();
    final AtomicInteger givenUp = new AtomicInteger();
    /** The referrals some fault's check has covered already. */
    final Set<UUID> checked = ConcurrentHashMap.newKeySet();
    final AtomicInteger postsUnanswered = new AtomicInteger();
    volatile boolean posting = true;
    final AtomicReference<UUID> lastProbedReferral = new AtomicReference<>();
    final AtomicLong sequence = new AtomicLong();
    final String runId = Long.toString(System.currentTimeMillis(), 36);

    // ------------------------------------------------------------------------------------------
    // The stack

    final Path stackDir;
    final Map<String, String> urls = new LinkedHashMap<>();
    final String kafka;
    final String jdbcPrefix;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemon("chaos-load"));
    final Tokens tokens;
    final Admin admin;

    final double rate;
    final Duration freeze;
    final List<String> faults;
    final Path report;
    final List<Row> rows = new ArrayList<>();
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    /** What is stopped now: thawed on the way out, whatever happens, or it would not even stop when asked to. */
    final Set<Long> frozen = ConcurrentHashMap.newKeySet();

    ChaosSuite(Map<String, String> options) {
        stackDir = Path.of(env("HOMEFIRST_LOCALSTACK_DIR"));
        urls.put("referral-service", "http://127.0.0.1:" + env("HOMEFIRST_REFERRAL_PORT"));
        urls.put("triage-service", "http://127.0.0.1:" + env("HOMEFIRST_TRIAGE_PORT"));
        urls.put("hub-allocation-service", "http://127.0.0.1:" + env("HOMEFIRST_HUB_ALLOCATION_PORT"));
        urls.put("target-monitor-service", "http://127.0.0.1:" + env("HOMEFIRST_TARGET_MONITOR_PORT"));
        kafka = "127.0.0.1:" + env("HOMEFIRST_KAFKA_PORT");
        jdbcPrefix = "jdbc:postgresql://127.0.0.1:" + env("HOMEFIRST_POSTGRES_PORT") + "/";
        tokens = new Tokens(new IdentityClient(env("HOMEFIRST_IDENTITY_URL")),
                new IdentityProvider.Credentials(env("HOMEFIRST_IDENTITY_ADMIN"), env("HOMEFIRST_IDENTITY_ADMIN_PASSWORD")),
                env("HOMEFIRST_DEMO_USER_PASSWORD"));
        admin = Admin.create(kafkaAdmin(kafka));
        rate = Double.parseDouble(options.getOrDefault("rate", "5"));
        freeze = Duration.ofSeconds(Long.parseLong(options.getOrDefault("freeze", "60")));
        faults = List.of(options.getOrDefault("faults", String.join(",", FAULTS)).split(","));
        for (String fault : faults) {
            if (!FAULTS.contains(fault)) {
                throw new IllegalArgumentException("unknown fault " + fault + "; the faults are " + FAULTS);
            }
        }
        report = Path.of(options.getOrDefault("report", stackDir.resolve("chaos-report.md").toString()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("options: --rate N (5 referrals/s)  --freeze SECONDS (60)  --faults " + String.join(",", FAULTS)
                        + "  --report FILE");
                return;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value; see --help");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        ChaosSuite suite = new ChaosSuite(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!suite.frozen.isEmpty()) {
                signal("CONT", List.copyOf(suite.frozen));
            }
        }));
        boolean good;
        try {
            good = suite.run();
        } finally {
            suite.scheduler.shutdownNow();
            suite.admin.close(Duration.ofSeconds(2));
        }
        System.exit(good ? 0 : 1);
    }

    boolean run() throws Exception {
        Instant began = Instant.now();
        say("chaos: %s referrals/s; faults %s; machine: %s", rate, faults, Machine.describe());
        tokens.refresh();
        startLoad();
        // The load settles, every consumer has its partitions, and the services have run every request
        // they are asked a few times (their first answers are much slower), before anything is counted.
        new Phase("warming up, not counted").awaitRecovery();
        pause(Duration.ofSeconds(30));
        Phase warmUp = new Phase("no fault, 20 s");
        warmUp.faultStarted();
        pause(Duration.ofSeconds(20));
        warmUp.faultEnded();
        warmUp.awaitRecovery();
        rows.add(warmUp.row(null, null));
        for (String fault : faults) {
            tokens.refresh();
            Row row = switch (fault) {
                case "postgres-freeze" -> freeze("PostgreSQL frozen " + freeze.toSeconds() + " s", postgresProcesses());
                case "kafka-freeze" -> freeze("Kafka frozen " + freeze.toSeconds() + " s", List.of(infrastructurePid()));
                case "stalled-clients" -> stalledClients();
                case "kill-triage-service-beside-a-peer" -> killBesideAPeer("triage-service", "triage");
                default -> kill(fault.substring("kill-".length()));
            };
            rows.add(row);
            say("chaos: %s", row.line());
        }
        // The last referrals through, then the whole run's check.
        posting = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(11).toNanos();
        while (postsUnanswered.get() > 0 && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(500));
        }
        pause(THROUGH_SLACK.plusSeconds(1));
        new Phase("the end (no fault)").awaitRecovery();
        Row whole = wholeRun(Duration.between(began, Instant.now()));
        String table = table(whole);
        System.out.println();
        System.out.println(table);
        problems.forEach(p -> System.out.println("PROBLEM: " + p));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, table + problems.stream().map(p -> "\nPROBLEM: " + p).collect(Collectors.joining()) + "\n");
        say("chaos: the table is also in %s", report);
        return problems.isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // The faults

    Row freeze(String name, List<Long> pids) {
        Phase phase = new Phase(name);
        pause(Duration.ofSeconds(10));
        phase.faultStarted();
        frozen.addAll(pids);
        signal("STOP", pids);
        say("chaos: %s: SIGSTOP %s", name, pids);
        try {
            pause(freeze);
        } finally {
            signal("CONT", pids);
            frozen.removeAll(pids);
        }
        phase.faultEnded();
        say("chaos: %s: SIGCONT", name);
        phase.awaitRecovery();
        return phase.row(null, null);
    }

    Row kill(String service) {
        String name = "kill -9 " + service;
        Phase phase = new Phase(name);
        pause(Duration.ofSeconds(10));
        Group before = describe(GROUPS.get(service));
        long pid = servicePid(service);
        phase.faultStarted();
        signal("KILL", List.of(pid));
        phase.faultEnded();
        say("chaos: %s (pid %d); the supervisor starts it again", name, pid);
        // Both watched at once: the partitions may move before the service is ready, or after.
        java.util.concurrent.CompletableFuture<Duration> ready = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> awaitReadyAgain(service, pid, phase.faultEnd));
        Duration partitions = awaitTakeover(GROUPS.get(service), before.members(), before.partitions(), phase.faultEnd);
        phase.awaitRecovery();
        Duration readyAfter = ready.join();
        return phase.row(partitions, readyAfter == null ? "not ready again within 5 min"
                : "started again by the supervisor, ready " + seconds(readyAfter) + " after the kill");
    }

    /** From {@code since} until the supervisor's new process of the service answers ready. */
    Duration awaitReadyAgain(String service, long killed, long since) {
        long deadline = since + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (servicePid(service) != killed && http.send(HttpRequest.newBuilder(URI.create(urls.get(service) + "/q/health/ready"))
                        .timeout(HEALTH_BOUND).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - since);
                }
            } catch (IOException | RuntimeException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(200));
        }
        return null;
    }

    /**
     * As in Kubernetes with two replicas: a second instance of the service runs beside the
     * supervised one and shares its partitions; the supervised one is killed, and the peer must
     * take over its partitions without waiting for the restart.
     */
    Row killBesideAPeer(String service, String database) throws IOException {
        String name = "kill -9 " + service + ", a second instance running";
        Phase phase = new Phase(name);
        Group alone = describe(GROUPS.get(service));
        Process peer = startPeer(service, database);
        try {
            // Both instances hold partitions before the kill.
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Group both = describeNow(GROUPS.get(service));
            while (System.nanoTime() < deadline && !(both.members().size() > alone.members().size() && !both.partitions().isEmpty()
                    && both.members().containsAll(alone.members()))) {
                pause(Duration.ofMillis(500));
                both = describeNow(GROUPS.get(service));
            }
            pause(Duration.ofSeconds(10));
            both = describe(GROUPS.get(service));
            long pid = servicePid(service);
            phase.faultStarted();
            signal("KILL", List.of(pid));
            phase.faultEnded();
            say("chaos: %s (pid %d); the peer (pid %d) should take its partitions over", name, pid, peer.pid());
            Duration partitions = awaitTakeover(GROUPS.get(service), alone.members(), both.partitions(), phase.faultEnd);
            phase.awaitRecovery();
            return phase.row(partitions, "taken over by the peer; the killed instance restarted as pid " + servicePid(service));
        } finally {
            peer.destroy();
            try {
                if (!peer.waitFor(30, TimeUnit.SECONDS)) {
                    peer.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Process startPeer(String service, String database) throws IOException {
        Path jar = stackDir.resolve("apps").resolve(service).resolve("quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The local stack's JVM options (deploy/local/run): referral-service has its own.
        command.addAll(List.of(service.equals("referral-service") ? "-Xmx768m -XX:+UseG1GC".split(" ")
                : new String[] {"-Xmx512m", "-XX:+UseSerialGC"}));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stackDir.resolve("logs").resolve(service + ".peer.log").toFile()));
        String port = env("HOMEFIRST_CHAOS_PEER_PORT");
        builder.environment().put("QUARKUS_HTTP_PORT", port);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcPrefix + database);
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        builder.environment().put("QUARKUS_OIDC_AUTH_SERVER_URL", env("HOMEFIRST_ISSUER"));
        // The same Kafka principal as the service's first instance (deploy/local/run).
        builder.environment().put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        builder.environment().put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        builder.environment().put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + service + "\" password=\""
                + env("HOMEFIRST_KAFKA_PASSWORD_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_')) + "\";");
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(HEALTH_BOUND).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    say("chaos: a second %s runs (pid %d, port %s)", service, process.pid(), port);
                    return process;
                }
            } catch (IOException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(500));
        }
        process.destroyForcibly();
        throw new IllegalStateException("the second " + service + " did not start; see its log in " + stackDir.resolve("logs"));
    }

    /**
     * Clients that open a connection and then stall: some send nothing, some half a request line
     * and headers, some the headers and half the body they announced. Each service must drop them
     * by itself (its idle timeout) and serve everyone else as usual meanwhile.
     */
    Row stalledClients() throws InterruptedException {
        Phase phase = new Phase("stalled client connections");
        pause(Duration.ofSeconds(10));
        int perKind = 10;
        List<Thread> readers = new ArrayList<>();
        Map<String, List<Duration>> dropped = new ConcurrentHashMap<>();
        List<String> kept = java.util.Collections.synchronizedList(new ArrayList<>());
        phase.faultStarted();
        long began = System.nanoTime();
        for (String service : SERVICES) {
            URI uri = URI.create(urls.get(service));
            for (String kind : List.of("silent", "half headers", "half body")) {
                for (int i = 0; i < perKind; i++) {
                    Socket socket;
                    try {
                        socket = new Socket(uri.getHost(), uri.getPort());
                        socket.setSoTimeout((int) Duration.ofSeconds(90).toMillis());
                        OutputStream out = socket.getOutputStream();
                        switch (kind) {
                            case "half headers" -> out.write(("POST /api/referrals HTTP/1.1\r\nHost: " + uri.getAuthority()
                                    + "\r\nContent-Type: application/json\r\n").getBytes(StandardCharsets.US_ASCII));
                            case "half body" -> out.write(("POST /api/referrals HTTP/1.1\r\nHost: " + uri.getAuthority()
                                    + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + tokens.get("referrer")
                                    + "\r\nContent-Length: 2000\r\n\r\n{\"source\":\"GP\",").getBytes(StandardCharsets.US_ASCII));
                            default -> { }
                        }
                        out.flush();
                    } catch (IOException e) {
                        problems.add("stalled clients: could not connect to " + service + ": " + e.getMessage());
                        continue;
                    }
                    String label = service + " " + kind;
                    Thread reader = new Thread(() -> {
                        try (socket; InputStream in = socket.getInputStream()) {
                            // Whatever the server answers (a 408, or nothing), it must end the connection.
                            while (in.read() >= 0) {
                                // drain
                            }
                            dropped.computeIfAbsent(label, k -> new ArrayList<>())
                                    .add(Duration.ofNanos(System.nanoTime() - began));
                        } catch (java.net.SocketTimeoutException e) {
                            kept.add(label);
                        } catch (IOException e) {
                            // A reset is the server ending it too.
                            dropped.computeIfAbsent(label, k -> new ArrayList<>())
                                    .add(Duration.ofNanos(System.nanoTime() - began));
                        }
                    }, "stalled-" + label);
                    reader.setDaemon(true);
                    reader.start();
                    readers.add(reader);
                }
            }
        }
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(100).toMillis());
        }
        phase.faultEnded();
        Duration slowest = dropped.values().stream().flatMap(List::stream).max(Duration::compareTo).orElse(Duration.ZERO);
        if (!kept.isEmpty()) {
            problems.add("stalled clients: " + kept.size() + " connections still open after 90 s: "
                    + new TreeMap<>(kept.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()))));
        }
        Map<String, String> byKind = new TreeMap<>();
        dropped.forEach((label, times) -> byKind.put(label, seconds(times.stream().max(Duration::compareTo).orElseThrow())));
        say("chaos: stalled connections dropped by the services after (slowest of %d each): %s", perKind, byKind);
        phase.awaitRecovery();
        return phase.row(null, "all " + readers.size() + " dropped by the services within " + seconds(slowest)
                + (kept.isEmpty() ? "" : "; " + kept.size() + " kept"));
    }

    // ------------------------------------------------------------------------------------------
    // One fault's window: from its start until everything posted so far is through

    final class Phase {
        final String name;
        final long started = System.nanoTime();
        long faultStart = -1;
        long faultEnd = -1;
        long recovered = -1;
        long checkedUpTo = Long.MAX_VALUE;
        final Set<UUID> before = new HashSet<>(checked);
        final double[] load = new double[2];

        Phase(String name) {
            this.name = name;
            load[0] = Machine.loadAverage();
            say("chaos: --- %s (load average %.2f)", name, load[0]);
        }

        void faultStarted() {
            faultStart = System.nanoTime();
        }

        void faultEnded() {
            faultEnd = System.nanoTime();
            if (faultStart < 0) {
                faultStart = faultEnd;
            }
        }

        /** Waits until every referral accepted so far is triaged, allocated and counted, and every consumer is well. */
        void awaitRecovery() {
            long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                // Under a steady load the newest referrals are always on their way: those of the last 2 s are not asked for.
                long cutoff = System.nanoTime() - THROUGH_SLACK.toNanos();
                Set<UUID> ids = accepted.values().stream().filter(a -> a.acceptedNanos() < cutoff).map(Accepted::id)
                        .collect(Collectors.toSet());
                if (through(ids) && consumersWell().isEmpty()) {
                    recovered = System.nanoTime();
                    checkedUpTo = cutoff;
                    load[1] = Machine.loadAverage();
                    return;
                }
                pause(Duration.ofMillis(500));
            }
            load[1] = Machine.loadAverage();
            problems.add(name + ": not through within " + RECOVERY_LIMIT.toMinutes() + " min of the fault's end; "
                    + String.join("; ", consumersWell()));
        }

        Row row(Duration partitions, String note) {
            long end = recovered > 0 ? recovered : System.nanoTime();
            List<Call> window = calls.stream().filter(c -> c.startNanos() >= faultStart && c.startNanos() <= end).toList();
            // What this fault's check covered: the newest referrals, still on their way, are the next one's.
            Set<UUID> mine = accepted.values().stream().filter(a -> a.acceptedNanos() < checkedUpTo).map(Accepted::id)
                    .collect(Collectors.toCollection(HashSet::new));
            mine.removeAll(before);
            Verdict verdict = verdict(mine, false);
            checked.addAll(mine);
            Row row = new Row(name, window, partitions, recovered > 0 ? Duration.ofNanos(recovered - faultEnd) : null,
                    mine.size(), verdict, note, load.clone());
            row.bounds().forEach(b -> problems.add(name + ": " + b));
            verdict.problems().forEach(p -> problems.add(name + ": " + p));
            return row;
        }
    }

    Row wholeRun(Duration length) {
        List<Call> all = List.copyOf(calls);
        Verdict verdict = verdict(Set.copyOf(accepted.keySet()), true);
        verdict.problems().forEach(p -> problems.add("whole run: " + p));
        int referrals = accepted.size();
        return new Row("whole run, " + minutes(length), all, null, null, referrals, verdict,
                givenUp.get() == 0 ? null : givenUp.get() + " referrals never accepted (retried 10 min)",
                new double[] {Machine.loadAverage(), Machine.loadAverage()});
    }

    record Verdict(int lost, int duplicated, List<String> problems) {
    }

    record Row(String fault, List<Call> calls, Duration partitions, Duration recovery, int referrals, Verdict verdict,
            String note, double[] load) {

        List<Call> api() {
            return calls.stream().filter(c -> !c.health()).toList();
        }

        String refused() {
            Map<String, Long> byStatus = new TreeMap<>(api().stream().filter(Call::refused)
                    .collect(Collectors.groupingBy(c -> c.status() == 0 ? "no connection" : c.status() < 0 ? "no answer"
                            : String.valueOf(c.status()), Collectors.counting())));
            return byStatus.isEmpty() ? "none" : byStatus.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey())
                    .collect(Collectors.joining(", "));
        }

        Duration longest(boolean health) {
            return calls.stream().filter(c -> c.health() == health).map(Call::waited).max(Duration::compareTo)
                    .orElse(Duration.ZERO);
        }

        /** The requests that waited longer than their bound, by service and kind: how many, and the longest. */
        List<String> bounds() {
            Map<String, List<Duration>> over = new TreeMap<>();
            for (Call c : calls) {
                Duration bound = c.health() ? HEALTH_BOUND : API_BOUND;
                if (c.waited().compareTo(bound) > 0) {
                    over.computeIfAbsent(c.service() + " " + c.kind() + " (bound " + seconds(bound) + ")", k -> new ArrayList<>())
                            .add(c.waited());
                }
            }
            List<String> broken = new ArrayList<>();
            over.forEach((what, waits) -> broken.add(waits.size() + " × " + what + ", the longest "
                    + seconds(waits.stream().max(Duration::compareTo).orElseThrow())));
            return broken;
        }

        String line() {
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %d | %d | %.2f → %.2f |%s", fault,
                    api().size(), refused(), seconds(longest(false)), seconds(longest(true)),
                    partitions == null ? "" : seconds(partitions), recovery == null ? (fault.startsWith("whole") ? "" : "**no**")
                            : seconds(recovery), verdict.lost(), verdict.duplicated(), load[0], load[1],
                    note == null ? "" : " " + note);
        }
    }

    String table(Row whole) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | API requests | refused (status) | longest API wait | longest health answer | partitions back"
                + " | through again | lost | duplicated | load average |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append(stripNote(row)).append('\n');
        }
        out.append(stripNote(whole)).append('\n');
        out.append('\n');
        for (Row row : rows) {
            if (row.note() != null) {
                out.append("- ").append(row.fault()).append(": ").append(row.note()).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "- %d referrals accepted at %s a second; lost: not triaged, allocated or counted"
                + " %s after the fault's end; duplicated: triaged, allocated or counted more than once, or accepted twice"
                + " under one Idempotency-Key%n", whole.referrals(), rate, minutes(RECOVERY_LIMIT)));
        out.append("- partitions back: from the kill until every partition the service's consumers held is assigned to a"
                + " live member again; through again: from the fault's end until every referral accepted up to 2 s before is"
                + " triaged, allocated and counted, and every consumer is well\n");
        out.append("- machine: ").append(Machine.describe()).append('\n');
        return out.toString();
    }

    static String stripNote(Row row) {
        String line = row.line();
        return line.substring(0, line.lastIndexOf('|') + 1);
    }

    // ------------------------------------------------------------------------------------------
    // The load: referrals, and a look at each service every second

    void startLoad() {
        long period = Math.round(1_000_000 / rate);
        scheduler.scheduleAtFixedRate(this::postNext, 0, period, TimeUnit.MICROSECONDS);
        scheduler.scheduleAtFixedRate(this::probe, 1, 1, TimeUnit.SECONDS);
    }

    void postNext() {
        if (!posting) {
            return;
        }
        postsUnanswered.incrementAndGet();
        long n = sequence.incrementAndGet();
        List<String> hubs = List.copyOf(HUBS.keySet());
        String hub = hubs.get((int) (n % hubs.size()));
        List<String> districts = HUBS.get(hub);
        String district = districts.get((int) ((n / hubs.size()) % districts.size()));
        String body = referral(n, district);
        post(hub, body, "chaos-" + runId + "-" + n, System.nanoTime(), 0);
    }

    /**
     * Posts a referral, and again after a refusal or a lost connection, as a well-behaved GP system
     * would: after the Retry-After it was given, else after a pause that doubles from 1 s up to 8 s,
     * with jitter, so that clients do not all come back in the same second.
     */
    void post(String hub, String body, String key, long firstTried, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get("referral-service") + "/api/referrals"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).header("Authorization", "Bearer " + tokens.get("referrer"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            int status = status(response, failure);
            calls.add(new Call("referral-service", "POST referral", start, System.nanoTime(), status));
            if (status == 201 || status == 200) {
                try {
                    UUID id = UUID.fromString(JSON.readTree(response.body()).path("id").asText());
                    Accepted previous = accepted.putIfAbsent(id, new Accepted(id, hub, System.nanoTime()));
                    if (previous != null) {
                        // Two keys, one referral: cannot happen, as each key is its own referral.
                        problems.add("referral " + id + " was answered to two Idempotency-Keys");
                    }
                    if (hub.equals(PROBED_HUB)) {
                        lastProbedReferral.set(id);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    problems.add("an accepted referral's answer had no id: " + e);
                }
                postsUnanswered.decrementAndGet();
                return;
            }
            if (status >= 400 && status < 500 && status != 401 && status != 409 && status != 429) {
                problems.add("a referral was refused for good (" + status + "): " + response.body());
                postsUnanswered.decrementAndGet();
                return;
            }
            if (System.nanoTime() - firstTried > Duration.ofMinutes(10).toNanos()) {
                givenUp.incrementAndGet();
                postsUnanswered.decrementAndGet();
                return;
            }
            long backoff = 1000L << Math.min(attempt, 3);
            long pause = response != null && response.headers().firstValueAsLong("Retry-After").isPresent()
                    ? response.headers().firstValueAsLong("Retry-After").getAsLong() * 1000
                    : backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2);
            scheduler.schedule(() -> post(hub, body, key, firstTried, attempt + 1), Math.min(pause, 30_000), TimeUnit.MILLISECONDS);
        });
    }

    /** Each service's readiness and one of its API reads, each with the token of a role that may read it. */
    void probe() {
        UUID id = lastProbedReferral.get();
        for (String service : SERVICES) {
            get(service, "health", "/q/health/ready", null);
        }
        get("target-monitor-service", "GET targets", "/api/targets", "ops");
        if (id != null) {
            get("referral-service", "GET referral", "/api/referrals/" + id, "referrer");
            get("triage-service", "GET triage case", "/api/triage/" + id, "ldu-clinician");
            get("hub-allocation-service", "GET allocation", "/api/allocations/" + id, "hub-staff");
        }
    }

    void get(String service, String kind, String path, String role) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.get(service) + path)).timeout(Duration.ofSeconds(30));
        if (role != null) {
            request.header("Authorization", "Bearer " + tokens.get(role));
        }
        long start = System.nanoTime();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
                calls.add(new Call(service, kind, start, System.nanoTime(), status(response, failure))));
    }

    static int status(HttpResponse<?> response, Throwable failure) {
        if (failure == null) {
            return response.statusCode();
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof java.net.http.HttpTimeoutException ? -1 : 0;
    }

    String referral(long n, String district) {
        String postcode = district + " " + (n % 10) + "TU";
        return "{\"source\":\"GP\",\"sourceSystem\":\"https://chaos.homefirst.example/Id/referral\","
                + "\"sourceReferralId\":\"" + runId + "-" + n + "\",\"requestedUrgency\":\"CRISIS\",\"receivedAt\":\""
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"clinicalNeeds\":[\"FALLS\"],"
                + "\"reason\":{\"text\":\"Fall at home, unable to get up\",\"snomedCode\":\"1912002\"},"
                + "\"patient\":{\"nhsNumber\":\"" + TestPatients.nhsNumber() + "\",\"givenName\":\"Ada\",\"familyName\":\"Lovelace\","
                + "\"dateOfBirth\":\"1941-03-02\",\"postcode\":\"" + postcode + "\",\"gpPracticeOdsCode\":\"C82001\"},"
                + "\"referrer\":{\"organisationOdsCode\":\"C82001\",\"role\":\"GP\",\"name\":\"Dr A Patel\"}}";
    }

    // ------------------------------------------------------------------------------------------
    // The checks: through the services' own databases and the monitor's API

    /** Every one of these ids triaged, allocated, and among the monitor's open 2-hour clocks at a hub. */
    boolean through(Set<UUID> ids) {
        try {
            if (distinct("triage", "select count(distinct referral_id) from triage_decision where referral_id = any(?)", ids)
                    != ids.size()) {
                return false;
            }
            if (distinct("hub_allocation", "select count(distinct referral_id) from allocation where referral_id = any(?)", ids)
                    != ids.size()) {
                return false;
            }
            Map<UUID, List<String>> clocks = monitorClocks(List.of("PENDING"));
            return ids.stream().allMatch(id -> clocks.getOrDefault(id, List.of()).stream().anyMatch(h -> !h.equals("UNALLOCATED")));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Exact: each id once in triage, once in allocation, once among the monitor's clocks, at its hub. */
    Verdict verdict(Set<UUID> ids, boolean wholeRun) {
        List<String> found = new ArrayList<>();
        Set<UUID> lost = new HashSet<>();
        Set<UUID> duplicated = new HashSet<>();
        try {
            Map<UUID, Long> triaged = perId("triage", "select referral_id, count(*) from triage_decision"
                    + " where referral_id = any(?) group by referral_id", ids);
            Map<UUID, Long> allocated = perId("hub_allocation", "select referral_id, count(*) from allocation"
                    + " where referral_id = any(?) group by referral_id", ids);
            Map<UUID, List<String>> clocks = monitorClocks(List.of("PENDING", "BREACHED"));
            for (UUID id : ids) {
                long t = triaged.getOrDefault(id, 0L);
                long a = allocated.getOrDefault(id, 0L);
                List<String> c = clocks.getOrDefault(id, List.of());
                if (t == 0 || a == 0 || c.isEmpty()) {
                    lost.add(id);
                }
                if (t > 1 || a > 1 || c.size() > 1) {
                    duplicated.add(id);
                }
                if (c.size() == 1 && !c.get(0).equals(accepted.get(id).hub())) {
                    found.add("referral " + id + " is counted at " + c.get(0) + ", not " + accepted.get(id).hub());
                }
            }
            // Once every post is answered: every referral stored is one a client was told of (a retry
            // under the same key, after an answer lost with a killed service, gets the same referral).
            long made = wholeRun ? count("referral", "select count(*) from referral where source_referral_id like ?",
                    runId + "-%") : ids.size();
            if (made != accepted.size() && wholeRun) {
                found.add(made + " referrals stored, " + accepted.size() + " accepted: "
                        + (made > accepted.size() ? "some stored but never told to their client" : "some accepted but not stored"));
                (made > accepted.size() ? duplicated : lost).add(new UUID(0, Math.abs(made - accepted.size())));
            }
        } catch (SQLException | RuntimeException e) {
            found.add("could not check: " + e);
        }
        if (!lost.isEmpty()) {
            found.add(lost.size() + " lost, such as " + lost.iterator().next());
        }
        if (!duplicated.isEmpty()) {
            found.add(duplicated.size() + " duplicated, such as " + duplicated.iterator().next());
        }
        return new Verdict(lost.size(), duplicated.size(), found);
    }

    /** Every open 2-hour clock of every hub, by referral id: the hubs it is counted at, once per clock. */
    Map<UUID, List<String>> monitorClocks(List<String> statuses) {
        Map<UUID, List<String>> clocks = new HashMap<>();
        List<String> hubs = new ArrayList<>(HUBS.keySet());
        hubs.add("UNALLOCATED");
        for (String hub : hubs) {
            for (String status : statuses) {
                JsonNode figure = getJson("target-monitor-service",
                        "/api/clocks?hub=" + hub + "&standard=TWO_HOUR&window=24h&status=" + status, "ops");
                if (figure == null) {
                    throw new IllegalStateException("the monitor did not answer /api/clocks for " + hub);
                }
                for (JsonNode clock : figure.path("clocks")) {
                    clocks.computeIfAbsent(UUID.fromString(clock.path("referralId").asText()), k -> new ArrayList<>()).add(hub);
                }
            }
        }
        return clocks;
    }

    /** Each service's consumers: every check of /q/health UP (the platform's "Event consumers", SmallRye's channels, Kafka Streams). */
    List<String> consumersWell() {
        List<String> unwell = new ArrayList<>();
        for (String service : SERVICES) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(urls.get(service) + "/q/health"))
                        .timeout(HEALTH_BOUND.plusSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode health = JSON.readTree(response.body());
                for (JsonNode check : health.path("checks")) {
                    if (!check.path("status").asText().equals("UP")) {
                        unwell.add(service + ": " + check.path("name").asText() + " " + check.path("status").asText()
                                + " " + check.path("data"));
                    }
                }
                if (response.statusCode() != 200 && unwell.isEmpty()) {
                    unwell.add(service + ": /q/health answered " + response.statusCode());
                }
            } catch (IOException e) {
                unwell.add(service + ": /q/health did not answer (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return unwell;
    }

    JsonNode getJson(String service, String path, String role) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(urls.get(service) + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + tokens.get(role)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Connection database(String name) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "postgres");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(jdbcPrefix + name, properties);
    }

    long distinct(String database, String sql, Collection<UUID> ids) throws SQLException {
        try (Connection connection = database(database); PreparedStatement query = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("uuid", ids.toArray());
            query.setArray(1, array);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long count(String database, String sql, String parameter) throws SQLException {
        try (Connection connection = database(database); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Map<UUID, Long> perId(String database, String sql, Collection<UUID> ids) throws SQLException {
        Map<UUID, Long> counts = new HashMap<>();
        try (Connection connection = database(database); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------------------------------
    // Consumer groups: when a killed service's partitions are held by a live member again

    record Group(Set<String> members, Set<TopicPartition> partitions) {
    }

    /** The group's members and what they hold, once it is stable (within a minute), else what members it has. */
    Group describe(String groupId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Group group = describeNow(groupId);
        while (group.partitions().isEmpty() && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(500));
            group = describeNow(groupId);
        }
        return group;
    }

    Group describeNow(String groupId) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all().get(5, TimeUnit.SECONDS)
                    .get(groupId);
            Set<String> members = group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
            Set<TopicPartition> partitions = group.members().stream()
                    .flatMap(m -> m.assignment().topicPartitions().stream()).collect(Collectors.toSet());
            return group.groupState() == GroupState.STABLE ? new Group(members, partitions) : new Group(members, Set.of());
        } catch (Exception e) {
            return new Group(Set.of(), Set.of());
        }
    }

    /** From {@code since} until every one of {@code partitions} is held by a member other than the {@code killed} ones. */
    Duration awaitTakeover(String groupId, Set<String> killed, Set<TopicPartition> partitions, long since) {
        if (partitions.isEmpty()) {
            problems.add("group " + groupId + " had no stable assignment before the kill");
            return null;
        }
        long deadline = since + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                        .get(5, TimeUnit.SECONDS).get(groupId);
                if (group.groupState() == GroupState.STABLE) {
                    Set<TopicPartition> held = group.members().stream()
                            .filter(m -> !killed.contains(m.consumerId()))
                            .flatMap(m -> m.assignment().topicPartitions().stream()).collect(Collectors.toSet());
                    if (held.containsAll(partitions)) {
                        return Duration.ofNanos(System.nanoTime() - since);
                    }
                }
            } catch (Exception e) {
                // asked again below
            }
            pause(Duration.ofMillis(200));
        }
        problems.add("group " + groupId + ": partitions not held again within 5 min of the kill");
        return null;
    }

    // ------------------------------------------------------------------------------------------
    // Processes

    List<Long> postgresProcesses() {
        long postmaster = Long.parseLong(firstLine(stackDir.resolve("data/postgres/postmaster.pid")));
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow(() -> new IllegalStateException("no PostgreSQL with pid " + postmaster))
                .descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    long infrastructurePid() {
        return Long.parseLong(firstLine(stackDir.resolve("pids/infrastructure.pid")));
    }

    long servicePid(String service) {
        return Long.parseLong(firstLine(stackDir.resolve("pids/" + service + ".pid")));
    }

    static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Tokens: the demo realm's users, got before each fault (the local issuer may be frozen with Kafka)

    static final class Tokens {
        private final IdentityClient client;
        private final IdentityProvider.Credentials admin;
        private final String password;
        private final Map<String, String> tokens = new ConcurrentHashMap<>();

        Tokens(IdentityClient client, IdentityProvider.Credentials admin, String password) {
            this.client = client;
            this.admin = admin;
            this.password = password;
        }

        void refresh() {
            for (String role : List.of("referrer", "ldu-clinician", "hub-staff", "ops")) {
                tokens.put(role, client.tokenFor(DemoUser.standard(role), admin, password));
            }
        }

        String get(String role) {
            return tokens.get(role);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Small things

    static Map<String, List<String>> orderedHubs() {
        Map<String, List<String>> hubs = new LinkedHashMap<>();
        hubs.put("city-north-west", List.of("LE1", "LE3", "LE4"));
        hubs.put("city-south-east", List.of("LE2", "LE5"));
        hubs.put("charnwood-nwl", List.of("LE11", "LE12", "LE65", "LE67", "LE7"));
        hubs.put("hinckley-bosworth", List.of("LE6", "LE9", "LE10"));
        hubs.put("melton-rutland", List.of("LE13", "LE14", "LE15", "PE9"));
        hubs.put("south-leicestershire", List.of("LE8", "LE16", "LE17", "LE18", "LE19"));
        return hubs;
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run this through deploy/local/chaos");
        }
        return value;
    }

    static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String minutes(Duration d) {
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%s %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(Locale.ROOT, format, args));
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The stack's broker requires SASL/SCRAM: the suite reads the consumer groups as the super-user. */
    static Map<String, Object> kafkaAdmin(String kafka) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        String jaas = System.getenv("HOMEFIRST_KAFKA_ADMIN_JAAS_CONFIG");
        if (jaas != null && !jaas.isBlank()) {
            properties.put("security.protocol", "SASL_PLAINTEXT");
            properties.put("sasl.mechanism", "SCRAM-SHA-512");
            properties.put("sasl.jaas.config", jaas);
        }
        return properties;
    }
}
