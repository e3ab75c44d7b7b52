package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import uk.nhs.homefirst.harness.Json;

/**
 * The Grafana dashboard and the Prometheus rules of {@code deploy/monitoring/} ask only for metrics the
 * running services export: every metric name in every query is in some service's {@code /q/metrics}.
 * The one exception: dead letters are counted from the Kafka exporter's topic offsets (no service counts
 * what it dead-letters), which cannot be checked here; the rule HomeFirstDeadLettersGrowing depends on
 * it, and {@link #theExporterTheDeadLetterRuleReadsIsDeployed} checks that compose and Kubernetes run it.
 */
class MonitoringConfigIT {

    private static final Path MONITORING = Path.of("").toAbsolutePath().getParent().resolve("deploy/monitoring");
    /** Metrics not of the services, and who exports them. */
    private static final Map<String, String> ELSEWHERE = Map.of(
            "kafka_topic_partition_current_offset", "Strimzi's Kafka Exporter");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    @Test
    void everyQueryAsksForMetricsTheServicesExport() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode dashboard = Json.read(Files.readString(MONITORING.resolve("grafana/home-first-dashboard.json")), JsonNode.class);
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.put("panel '" + panel.get("title").asText() + "'", target.get("expr").asText());
            }
        }
        assertThat(queries).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(8);
        Map<String, Object> rules = yaml(MONITORING.resolve("prometheus/home-first.rules.yaml"));
        for (Map<String, Object> group : list(rules.get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                queries.put("rule " + rule.get("alert"), String.valueOf(rule.get("expr")));
            }
        }
        Set<String> asked = new TreeSet<>();
        queries.forEach((where, query) -> {
            Set<String> names = metricNames(query);
            assertThat(names).as(where + ": " + query).isNotEmpty();
            asked.addAll(names);
        });
        asked.removeAll(ELSEWHERE.keySet());
        // Some meters appear with the first referral (the intake's), or once a consumer has its partitions.
        Referrals.crisis("9990000069", "Tertius", "Lydgate", "LE10 1AA", Instant.now().minusSeconds(30));
        Set<String> missing = new TreeSet<>(asked);
        Instant deadline = Instant.now().plusSeconds(60);
        while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
            missing.removeAll(exported());
            if (!missing.isEmpty()) {
                Thread.sleep(3000);
            }
        }
        assertThat(missing).as("metrics the dashboard or the rules ask for that no service exports").isEmpty();
    }

    @Test
    void theExporterTheDeadLetterRuleReadsIsDeployed() throws Exception {
        Path deploy = MONITORING.getParent();
        Map<String, Object> kafka = documents(deploy.resolve("kubernetes/kafka.yaml")).stream()
                .filter(d -> "Kafka".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat(((Map<?, ?>) kafka.get("spec")).containsKey("kafkaExporter")).as("Strimzi's Kafka resource has kafkaExporter").isTrue();
        assertThat(documents(MONITORING.resolve("pod-monitor.yaml"))).as("a PodMonitor for the exporter's pods")
                .anySatisfy(monitor -> assertThat(String.valueOf(monitor.get("spec"))).contains("strimzi.io/name=home-first-kafka-exporter"));
        Map<String, Object> compose = yaml(deploy.resolve("compose/monitoring.yaml"));
        assertThat(((Map<?, ?>) compose.get("services")).containsKey("kafka-exporter")).as("compose's monitoring has kafka-exporter").isTrue();
        assertThat(Files.readString(MONITORING.resolve("prometheus/prometheus.yml"))).contains("kafka-exporter:9308");
    }

    @Test
    void thePrometheusRuleHasTheRulesOfThePlainFile() throws Exception {
        Map<String, Object> plain = yaml(MONITORING.resolve("prometheus/home-first.rules.yaml"));
        Map<String, Object> operator = yaml(MONITORING.resolve("home-first-rules.yaml"));
        assertThat(operator.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<?, ?>) operator.get("spec")).get("groups")).isEqualTo(plain.get("groups"));
    }

    /** The metric names of a PromQL query: its identifiers less functions, keywords, labels and durations. */
    static Set<String> metricNames(String query) {
        String bare = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")  // strings
                .replaceAll("\\{[^}]*}", " ")                                 // label matchers
                .replaceAll("\\[[^]]*]", " ")                                 // ranges
                .replaceAll("\\b(?:by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // groupings
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (identifier.group(2) == null && !PROMQL_WORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<String> exported() throws Exception {
        Set<String> names = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String service : Platform.SERVICES) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(Platform.baseUrl(service) + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            metrics.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path file) throws Exception {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file)).forEach(d -> all.add((Map<String, Object>) d));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
