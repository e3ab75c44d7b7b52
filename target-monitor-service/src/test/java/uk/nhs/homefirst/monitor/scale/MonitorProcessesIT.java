package uk.nhs.homefirst.monitor.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.monitor.scale.MonitorTraffic.Expected;
import uk.nhs.homefirst.monitor.scale.MonitorTraffic.Outcome;

/**
 * The built monitor as separate processes on the real broker and database: killed and restarted in
 * the middle of a stream, and two instances in one consumer group.
 */
class MonitorProcessesIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LOGS = Path.of("target", "monitor-processes").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaTestClient kafka;
    private static PostgresServer postgres;
    private final List<ServiceProcess> started = new java.util.ArrayList<>();

    @BeforeAll
    static void infrastructure() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        postgres = SharedInfrastructure.postgres();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @AfterEach
    void stopMonitors() {
        started.forEach(ServiceProcess::kill);
    }

    /** A monitor instance of a deployment of its own: its own group, changelog and database. */
    private ServiceProcess monitor(String deployment) {
        String database = "hf_test_" + deployment.replace('-', '_');
        postgres.createDatabase(database);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafkaBootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("HOMEFIRST_MONITOR_CONSUMER_GROUP_ID", deployment);
        env.put("HOMEFIRST_MONITOR_CHANGELOG_TOPIC", deployment + ".response-clocks");
        ServiceProcess monitor = ServiceProcess.of(ROOT, "target-monitor-service", env, LOGS.resolve(deployment));
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
    void aMonitorKilledInTheMiddleOfAStreamShowsTheSameFiguresAfterItsRestart() throws Exception {
        String deployment = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        MonitorTraffic traffic = traffic(3, 10);
        ServiceProcess monitor = monitor(deployment).start(Duration.ofMinutes(2));

        List<MonitorTraffic.Event> stream = new java.util.ArrayList<>(traffic.events);
        traffic.send(kafka, stream.subList(0, stream.size() / 2));
        // A clock that falls due while the monitor is down.
        Instant deadline = Instant.now().plusSeconds(8);
        String hub = traffic.hubs.get(0);
        int before = traffic.events.size();
        String dueWhileDown = traffic.dueAt(hub, deadline);
        traffic.send(kafka, traffic.events.subList(before, traffic.events.size()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(window(monitor, hub).path("pending").asInt()).isGreaterThanOrEqualTo(1));

        monitor.kill();
        traffic.send(kafka, stream.subList(stream.size() / 2, stream.size()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(deadline));
        monitor.start(Duration.ofMinutes(2));

        Expected first = traffic.expected(hub);
        Expected withTheOneDueWhileDown = new Expected(first.met(), first.breached() + 1, first.pending(), first.excluded());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(figures(monitor, hub)).isEqualTo(withTheOneDueWhileDown);
            for (String other : traffic.hubs.subList(1, traffic.hubs.size())) {
                assertThat(figures(monitor, other)).isEqualTo(traffic.expected(other));
            }
        });
        assertThat(dueWhileDown).isNotNull();
    }

    @Test
    void twoInstancesInOneGroupShowTheSameFiguresAsOneAsPartitionsMoveAwayAndBack() throws Exception {
        String deployment = "pair-" + UUID.randomUUID().toString().substring(0, 8);
        MonitorTraffic traffic = traffic(4, 6);
        ServiceProcess first = monitor(deployment).start(Duration.ofMinutes(2));
        traffic.send(kafka, traffic.events);
        assertExactFigures(traffic, List.of(first), Duration.ofSeconds(60));
        // The topics also hold what other tests sent before: count ownership from here.
        int all = owned(first);
        int ours = traffic.referrals();
        assertThat(all).isGreaterThanOrEqualTo(ours);

        // A second instance joins: partitions move away from the first, which stops owning their
        // referrals but must go on counting them, from the new owner's changelog.
        ServiceProcess second = monitor(deployment).start(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(owned(first)).isPositive().isLessThan(all);
            assertThat(owned(first) + owned(second)).isEqualTo(all);
        });
        assertExactFigures(traffic, List.of(first, second), Duration.ofSeconds(60));

        // New referrals land on both owners; both instances count all of them.
        int sent = traffic.events.size();
        for (String hub : traffic.hubs) {
            for (Outcome outcome : Outcome.values()) {
                traffic.referral(hub, outcome);
            }
        }
        traffic.send(kafka, traffic.events.subList(sent, traffic.events.size()));
        assertExactFigures(traffic, List.of(first, second), Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(owned(first) + owned(second)).isEqualTo(all - ours + traffic.referrals()));

        // The second goes: its partitions move back to the first, the figures unchanged throughout.
        second.kill();
        sent = traffic.events.size();
        traffic.referral(traffic.hubs.get(0), Outcome.MET);
        traffic.referral(traffic.hubs.get(1), Outcome.BREACHED);
        traffic.send(kafka, traffic.events.subList(sent, traffic.events.size()));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(owned(first)).isEqualTo(all - ours + traffic.referrals()));
        assertExactFigures(traffic, List.of(first), Duration.ofSeconds(30));
    }

    private static void assertExactFigures(MonitorTraffic traffic, List<ServiceProcess> monitors, Duration within) {
        await().atMost(within).untilAsserted(() -> {
            for (ServiceProcess monitor : monitors) {
                for (String hub : traffic.hubs) {
                    assertThat(figures(monitor, hub)).as("%s, %s", monitor.baseUrl(), hub).isEqualTo(traffic.expected(hub));
                }
            }
        });
    }

    private static Expected figures(ServiceProcess monitor, String hub) throws IOException, InterruptedException {
        JsonNode day = window(monitor, hub);
        return new Expected(day.path("met").asInt(), day.path("breached").asInt(), day.path("pending").asInt(),
                day.path("excluded").asInt());
    }

    /** The hub's 24-hour window, summed over the 2-hour and 2-day standards. */
    private static JsonNode window(ServiceProcess monitor, String hub) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/api/targets/" + hub))
                .build(), HttpResponse.BodyHandlers.ofString());
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

    private static int owned(ServiceProcess monitor) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.baseUrl() + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : Json.read(response.body(), JsonNode.class).path("checks")) {
            if (check.path("name").asText().startsWith("Target monitor")) {
                return check.path("data").path("referralsOwned").asInt();
            }
        }
        throw new AssertionError("no catch-up check in " + response.body());
    }
}
