package uk.nhs.homefirst.monitor.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaBroker;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityClient;
import uk.nhs.homefirst.harness.identity.IdentityProviders;
import uk.nhs.homefirst.harness.identity.LocalIssuer;
import uk.nhs.homefirst.monitor.scale.MonitorTraffic.Expected;
import uk.nhs.homefirst.monitor.scale.MonitorTraffic.Outcome;

/**
 * The built monitor as separate processes, on a broker of this test's own (its input records are
 * deleted on purpose): restarted after the records it had read are gone, and two instances of one
 * deployment, one of them killed. Read as the ops team's tools read it, with a token of the local
 * stack's stand-in issuer, which the built jar checks as it would Keycloak's.
 */
class MonitorProcessesIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LOGS = Path.of("target", "monitor-processes").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> INPUTS = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS,
            Topics.VISITS);

    @TempDir
    static Path data;
    private static KafkaBroker broker;
    private static KafkaTestClient kafka;
    private static LocalIssuer issuer;
    /** One secret for every instance of a deployment, as a Secret gives them: each reads the others' session cookies. */
    private static final String DASHBOARD_SECRET = IdentityProviders.newSecret();
    private static String opsToken;
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeAll
    static void broker() {
        broker = KafkaBroker.start(data.resolve("kafka"), 0);
        broker.createTopics(Topics.ALL, 4);
        kafka = new KafkaTestClient(broker.bootstrapServers());
        issuer = LocalIssuer.start(KafkaBroker.freePort(), Map.of("HOMEFIRST_DASHBOARD_URL", "http://localhost:8084",
                "HOMEFIRST_DASHBOARD_CLIENT_SECRET", DASHBOARD_SECRET,
                "HOMEFIRST_DEMO_CLIENT_SECRET", UUID.randomUUID().toString()));
        opsToken = new IdentityClient(issuer.baseUrl()).tokenFor(DemoUser.standard("ops"), issuer.admin(),
                UUID.randomUUID().toString());
    }

    @AfterAll
    static void close() {
        kafka.close();
        broker.stop();
        issuer.close();
    }

    @AfterEach
    void stopMonitors() {
        started.forEach(ServiceProcess::kill);
    }

    /** An instance of a deployment (its application id), with a state directory of its own. */
    private ServiceProcess monitor(String deployment, Path state) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", issuer.issuer());
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", DASHBOARD_SECRET);
        env.put("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", deployment);
        env.put("KAFKA_STREAMS_STATE_DIR", state.toString());
        env.put("HOMEFIRST_MONITOR_TOPICS_BOARD", deployment + ".board");
        env.put("HOMEFIRST_MONITOR_TOPICS_ALERT_LIST", deployment + ".alert-list");
        env.put("HOMEFIRST_MONITOR_TOPICS_LATE_EVENTS", deployment + ".late-events");
        env.put("HOMEFIRST_MONITOR_TOPICS_FIGURES", deployment + ".figures");
        ServiceProcess monitor = ServiceProcess.of(ROOT, "target-monitor-service", env,
                LOGS.resolve(deployment + "-" + state.getFileName()));
        started.add(monitor);
        return monitor;
    }

    private static MonitorTraffic traffic(int hubs, int perOutcome) {
        MonitorTraffic traffic = new MonitorTraffic(hubs);
        for (String hub : traffic.hubs) {
            for (Outcome outcome : Outcome.values()) {
                for (int i = 0; i < perOutcome; i++) {
                    traffic.referral(hub, outcome);
                }
            }
        }
        java.util.Collections.shuffle(traffic.events, new java.util.Random(11));
        return traffic;
    }

    @Test
    void aRestartRestoresTheStateFromItsChangelogsOnceTheInputRecordsAreDeleted() throws Exception {
        String deployment = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Path state = data.resolve(deployment);
        MonitorTraffic traffic = traffic(3, 10);
        String hub = traffic.hubs.get(0);
        ServiceProcess monitor = monitor(deployment, state).start(Duration.ofMinutes(2));
        // A clock that falls due while the monitor is down.
        Instant deadline = Instant.now().plusSeconds(60);
        traffic.dueAt(hub, deadline);
        traffic.send(kafka, traffic.events);
        assertExactFigures(traffic, List.of(monitor), Duration.ofSeconds(50), 1, 0);

        monitor.kill();
        // What the topics' retention does to old segments, at once; and the local stores gone with the machine.
        long deleted = deleteEveryInputRecord();
        deleteRecursively(state);
        assertThat(deleted).isGreaterThan(traffic.events.size() - 1);
        await().atMost(Duration.ofSeconds(70)).until(() -> Instant.now().isAfter(deadline));

        monitor.start(Duration.ofMinutes(2));
        assertExactFigures(traffic, List.of(monitor), Duration.ofSeconds(30), 0, 1);
        // The daily figures come back from their own changelogs too: each hub's days add up to its clocks.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String h : traffic.hubs) {
                Expected clocks = figures(monitor, h);
                assertThat(days(monitor, h)).as(h).isEqualTo(new Expected(clocks.met(), clocks.breached(), 0,
                        clocks.excluded()));
            }
        });

        int sent = traffic.events.size();
        for (Outcome outcome : Outcome.values()) {
            traffic.referral(hub, outcome);
        }
        traffic.send(kafka, traffic.events.subList(sent, traffic.events.size()));
        assertExactFigures(traffic, List.of(monitor), Duration.ofSeconds(30), 0, 1);
    }

    @Test
    void twoInstancesShowTheWholePictureAlikeAlsoWhileOneIsKilledAndItsTasksMove() throws Exception {
        String deployment = "pair-" + UUID.randomUUID().toString().substring(0, 8);
        MonitorTraffic traffic = traffic(4, 6);
        ServiceProcess first = monitor(deployment, data.resolve(deployment + "-first")).start(Duration.ofMinutes(2));
        ServiceProcess second = monitor(deployment, data.resolve(deployment + "-second")).start(Duration.ofMinutes(2));
        traffic.send(kafka, traffic.events);
        assertExactFigures(traffic, List.of(first, second), Duration.ofSeconds(60), 0, 0);

        second.kill();
        Map<String, Expected> before = new HashMap<>();
        traffic.hubs.forEach(h -> before.put(h, traffic.expected(h)));
        int sent = traffic.events.size();
        for (String hub : traffic.hubs) {
            for (Outcome outcome : Outcome.values()) {
                traffic.referral(hub, outcome);
            }
        }
        traffic.send(kafka, traffic.events.subList(sent, traffic.events.size()));
        // While the second's tasks move to the first, the first never shows less than it did, nor a wrong figure.
        Instant until = Instant.now().plusSeconds(60);
        boolean complete = false;
        while (!complete && Instant.now().isBefore(until)) {
            complete = true;
            for (String hub : traffic.hubs) {
                Expected shown = figures(first, hub);
                assertThat(shown.met()).isBetween(before.get(hub).met(), traffic.expected(hub).met());
                assertThat(shown.breached()).isBetween(before.get(hub).breached(), traffic.expected(hub).breached());
                assertThat(shown.excluded()).isBetween(before.get(hub).excluded(), traffic.expected(hub).excluded());
                complete &= shown.equals(traffic.expected(hub));
            }
            Thread.sleep(200);
        }
        assertExactFigures(traffic, List.of(first), Duration.ofSeconds(5), 0, 0);
    }

    /** Each hub's figures on each instance, plus {@code pending} and {@code breached} more on the first hub. */
    private static void assertExactFigures(MonitorTraffic traffic, List<ServiceProcess> monitors, Duration within,
            int pending, int breached) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (ServiceProcess monitor : monitors) {
                for (String hub : traffic.hubs) {
                    Expected expected = traffic.expected(hub);
                    if (hub.equals(traffic.hubs.get(0))) {
                        expected = new Expected(expected.met(), expected.breached() + breached,
                                expected.pending() + pending, expected.excluded());
                    }
                    assertThat(figures(monitor, hub)).as("%s, %s", monitor.baseUrl(), hub).isEqualTo(expected);
                }
            }
        });
    }

    /** Deletes every record of the four input topics, as retention deletes old segments. Returns how many. */
    private static long deleteEveryInputRecord() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : INPUTS) {
                for (int p = 0; p < 4; p++) {
                    ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
            long count = 0;
            for (var end : admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).entrySet()) {
                toDelete.put(end.getKey(), RecordsToDelete.beforeOffset(end.getValue().offset()));
                count += end.getValue().offset();
            }
            admin.deleteRecords(toDelete).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
            ends.keySet().forEach(tp -> starts.put(tp, OffsetSpec.earliest()));
            for (var start : admin.listOffsets(starts).all().get(30, TimeUnit.SECONDS).entrySet()) {
                assertThat(start.getValue().offset()).as("the first offset left of %s", start.getKey())
                        .isEqualTo(toDelete.get(start.getKey()).beforeOffset());
            }
            return count;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static Expected figures(ServiceProcess monitor, String hub) throws IOException, InterruptedException {
        JsonNode day = window(monitor, hub);
        return new Expected(day.path("met").asInt(), day.path("breached").asInt(), day.path("pending").asInt(),
                day.path("excluded").asInt());
    }

    /** The hub's daily figures of yesterday and today (Europe/London), summed over the standards. */
    private static Expected days(ServiceProcess monitor, String hub) throws IOException, InterruptedException {
        String from = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).minusDays(1).toString();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl()
                + "/api/figures?period=DAY&hub=" + hub + "&from=" + from)).header("Authorization", "Bearer " + opsToken)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        int met = 0;
        int breached = 0;
        int excluded = 0;
        for (JsonNode row : Json.read(response.body(), JsonNode.class).path("rows")) {
            met += row.path("met").asInt();
            breached += row.path("breached").asInt();
            excluded += row.path("excluded").asInt();
        }
        return new Expected(met, breached, 0, excluded);
    }

    /** The hub's 24-hour window, summed over the 2-hour and 2-day standards. */
    private static JsonNode window(ServiceProcess monitor, String hub) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/api/targets/" + hub))
                .header("Authorization", "Bearer " + opsToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the ops token is accepted: %s", response.body()).isNotIn(401, 403);
        var sum = Json.MAPPER.createObjectNode().put("met", 0).put("breached", 0).put("pending", 0).put("excluded", 0);
        if (response.statusCode() != 200) {
            return sum;
        }
        for (JsonNode standard : Json.read(response.body(), JsonNode.class).path("standards")) {
            for (JsonNode window : standard.path("windows")) {
                if (window.path("window").asText().equals("24h")) {
                    for (String field : List.of("met", "breached", "pending", "excluded")) {
                        sum.put(field, sum.path(field).asInt() + window.path(field).asInt());
                    }
                }
            }
        }
        return sum;
    }
}
