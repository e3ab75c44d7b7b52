package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarkus.runtime.configuration.DurationConverter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.ServiceProcess;

/**
 * The deployments in {@code deploy/} (the local stack, compose and Kubernetes) cannot all be run on
 * the build machines, which have no Docker engine and no cluster. So this reads them, and the
 * services' own {@code application.properties}, and fails where they disagree: a topic missing from
 * a broker, a port or a probe a service does not serve, a variable a service would ignore, a
 * database nobody creates.
 */
class DeployConfigurationTest {

    static final List<String> SERVICES = List.of(
            "referral-service", "triage-service", "hub-allocation-service", "target-monitor-service");

    /** The services with a database of their own; the target monitor keeps its state in Kafka Streams. */
    static final List<String> SERVICES_WITH_DATABASE = List.of(
            "referral-service", "triage-service", "hub-allocation-service");

    /** The variables the deployments hand a service with a database, each the environment form of a service property. */
    static final Set<String> PLATFORM_VARIABLES = Set.of(
            "QUARKUS_HTTP_PORT", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");

    /**
     * The service's own Kafka principal (SASL/SCRAM; KafkaAccess has what each may do), handed by the
     * local stack and Kubernetes. Compose's broker is plaintext without ACLs: it hands none of them.
     */
    static final Set<String> KAFKA_PRINCIPAL_VARIABLES = Set.of(
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");

    /**
     * What the target monitor is handed instead: no database, where its Kafka Streams state lives,
     * where the hubs' names are read (hub-allocation-service), and its dashboard client's secret.
     */
    static final Set<String> MONITOR_VARIABLES = Set.of("QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_STREAMS_STATE_DIR", "HOMEFIRST_MONITOR_HUB_DIRECTORY_URL", "QUARKUS_OIDC_CREDENTIALS_SECRET",
            "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG");

    static Set<String> variablesOf(String service) {
        return SERVICES_WITH_DATABASE.contains(service) ? PLATFORM_VARIABLES : MONITOR_VARIABLES;
    }

    /**
     * Where compose and Kubernetes point the services at their Keycloak: its address inside the
     * network, and the issuer its tokens name (the address people's browsers use).
     */
    static final Set<String> IDENTITY_VARIABLES = Set.of("QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_TOKEN_ISSUER");

    /**
     * The java launcher's own variable: referral-service alone is given its heap and collector, as
     * HAPI's R4 definitions take much of it (the same options wherever it runs).
     */
    static final String JVM_VARIABLE = "JDK_JAVA_OPTIONS";

    static Set<String> composeVariablesOf(String service) {
        Set<String> names = new TreeSet<>(variablesOf(service));
        names.removeAll(KAFKA_PRINCIPAL_VARIABLES);
        names.addAll(IDENTITY_VARIABLES);
        if (service.equals("referral-service")) {
            names.add(JVM_VARIABLE);
        }
        return names;
    }

    static Set<String> kubernetesVariablesOf(String service) {
        Set<String> names = new TreeSet<>(variablesOf(service));
        names.addAll(IDENTITY_VARIABLES);
        if (service.equals("referral-service")) {
            names.add(JVM_VARIABLE);
        }
        return names;
    }

    /** What the local stack hands them besides: its identity provider's issuer. */
    static final String ISSUER_VARIABLE = "QUARKUS_OIDC_AUTH_SERVER_URL";

    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";

    static Path root;
    static Path deploy;
    /** The services whose application.properties exists yet, with those properties. */
    static Map<String, Properties> properties;
    static Map<String, Object> compose;
    static List<Map<String, Object>> kubernetes;
    static String run;

    @BeforeAll
    static void read() throws IOException {
        root = repositoryRoot();
        deploy = root.resolve("deploy");
        properties = new LinkedHashMap<>();
        // What every service shares (the identity provider, the paths open without a token) is
        // written once, in platform-support; a service's own file overrides it.
        Properties platform = new Properties();
        try (Reader in = Files.newBufferedReader(root.resolve(
                "platform-support/src/main/resources/META-INF/microprofile-config.properties"), StandardCharsets.UTF_8)) {
            platform.load(in);
        }
        for (String service : SERVICES) {
            Path file = root.resolve(service).resolve("src/main/resources/application.properties");
            if (Files.exists(file)) {
                Properties p = new Properties(platform);
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                properties.put(service, p);
            }
        }
        compose = asMap(loadAll(deploy.resolve("compose/compose.yaml")).get(0), "compose.yaml");
        kubernetes = new ArrayList<>();
        try (Stream<Path> files = Files.list(deploy.resolve("kubernetes"))) {
            for (Path file : files.filter(DeployConfigurationTest::isYaml).sorted().collect(Collectors.toList())) {
                for (Object document : loadAll(file)) {
                    kubernetes.add(asMap(document, file.toString()));
                }
            }
        }
        run = Files.readString(deploy.resolve("local/run"));
    }

    @Test
    void theServicesItChecksAgainstExist() {
        assertThat(properties).as("services with a src/main/resources/application.properties").containsKey("referral-service");
        for (String service : SERVICES) {
            assertThat(root.resolve(service).resolve("pom.xml")).as("the module " + service).exists();
        }
    }

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(deploy)) {
            files = walk.filter(DeployConfigurationTest::isYaml).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("YAML files under deploy/")
                .contains(deploy.resolve("compose/compose.yaml"), deploy.resolve("kubernetes/kustomization.yaml"))
                .hasSizeGreaterThanOrEqualTo(8);
        for (Path file : files) {
            List<Object> documents = loadAll(file);
            assertThat(documents).as("documents in " + root.relativize(file)).isNotEmpty().doesNotContainNull();
        }
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        Map<String, Object> kustomization = kubernetes.stream()
                .filter(d -> "Kustomization".equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("deploy/kubernetes/kustomization.yaml has no Kustomization"));
        Set<String> listed = new TreeSet<>(strings(kustomization.get("resources")));
        Set<String> present;
        try (Stream<Path> files = Files.list(deploy.resolve("kubernetes"))) {
            present = files.filter(DeployConfigurationTest::isYaml).map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(listed).as("kustomization.yaml resources").isEqualTo(present);
    }

    // ------------------------------------------------------------------------------------------
    // Topics

    @Test
    void composeCreatesEveryTopicOfTheContract() {
        Map<String, Object> topicsJob = composeService("kafka-topics");
        Map<String, String> environment = environment(topicsJob, "kafka-topics");
        List<String> topics = Arrays.asList(environment.get("TOPICS").trim().split("\\s+"));
        List<String> deadLetterTopics = Arrays.asList(environment.get("DEAD_LETTER_TOPICS").trim().split("\\s+"));
        assertThat(deadLetterTopics).as("compose kafka-topics DEAD_LETTER_TOPICS").allMatch(t -> t.endsWith(".dlq"));
        assertThat(topics).as("compose kafka-topics TOPICS").noneMatch(t -> t.endsWith(".dlq"));
        List<String> all = new ArrayList<>(topics);
        all.addAll(deadLetterTopics);
        assertThat(all).as("compose kafka-topics TOPICS and DEAD_LETTER_TOPICS").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(environment.get("PARTITIONS")).as("compose kafka-topics PARTITIONS").isEqualTo("4");
        assertThat(String.join("\n", strings(topicsJob.get("command"))))
                .as("the topic job's command uses its topics, PARTITIONS and the platform's retention "
                        + "(escaped from compose's interpolation)")
                .contains("$$TOPICS", "$$DEAD_LETTER_TOPICS", "$$PARTITIONS", "--create",
                        "retention.ms=" + Topics.RETENTION.toMillis(), "retention.ms=" + Topics.DEAD_LETTER_RETENTION.toMillis());
    }

    /** target-monitor-service's own topics (MonitorConfig's defaults): three compacted, and its late events. */
    private static final List<String> MONITOR_COMPACTED = List.of("target-monitor.board", "target-monitor.alert-list",
            "target-monitor.figures");
    private static final String MONITOR_LATE_EVENTS = "target-monitor.late-events";

    @Test
    void theMonitorsOwnTopicsAreTheOnesItsConfigurationNames() throws Exception {
        String config = Files.readString(root.resolve(
                "target-monitor-service/src/main/java/uk/nhs/homefirst/monitor/config/MonitorConfig.java"));
        String composeFile = Files.readString(root.resolve("deploy/compose/compose.yaml"));
        for (String topic : MONITOR_COMPACTED) {
            assertThat(config).contains("@WithDefault(\"" + topic + "\")");
        }
        assertThat(config).contains("@WithDefault(\"" + MONITOR_LATE_EVENTS + "\")");
        assertThat(composeFile).contains("for topic in " + String.join(" ", MONITOR_COMPACTED) + "; do")
                .contains("cleanup.policy=compact").contains("create " + MONITOR_LATE_EVENTS + " ");
    }

    @Test
    void kubernetesDeclaresOneKafkaTopicPerTopicOfTheContract() {
        Map<String, Object> kafka = single("Kafka", null);
        String cluster = string(path(kafka, "metadata", "name"));
        List<String> topics = new ArrayList<>();
        for (Map<String, Object> topic : ofKind("KafkaTopic")) {
            Object topicName = path(topic, "spec", "topicName");
            topics.add(string(topicName != null ? topicName : path(topic, "metadata", "name")));
            assertThat(path(topic, "metadata", "labels", "strimzi.io/cluster"))
                    .as("strimzi.io/cluster label of KafkaTopic " + path(topic, "metadata", "name")).isEqualTo(cluster);
            if (MONITOR_COMPACTED.contains(topicName)) {
                assertThat(path(topic, "spec", "config", "cleanup.policy"))
                        .as(topicName + " keeps the latest value per key").isEqualTo("compact");
            } else {
                long retention = MONITOR_LATE_EVENTS.equals(topicName) ? Topics.DEAD_LETTER_RETENTION.toMillis()
                        : Topics.retentionOf(string(topicName)).toMillis();
                assertThat(((Number) path(topic, "spec", "config", "retention.ms")).longValue())
                        .as("retention of " + topicName + ": the platform's (Topics.RETENTION)").isEqualTo(retention);
            }
        }
        List<String> expected = new ArrayList<>(Topics.ALL);
        expected.addAll(MONITOR_COMPACTED);
        expected.add(MONITOR_LATE_EVENTS);
        assertThat(topics).as("KafkaTopic names").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ofKind("KafkaNodePool")).as("KafkaNodePools of " + cluster)
                .isNotEmpty()
                .allSatisfy(pool -> assertThat(path(pool, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster));
    }

    // ------------------------------------------------------------------------------------------
    // Stopping

    /**
     * The longest a service takes to stop gracefully: its HTTP requests under way
     * ({@code quarkus.shutdown.timeout}), then its consumers' batches under way
     * ({@code homefirst.consumer.shutdown-drain}, 10 s unless set), then a few seconds to close.
     * Killed before that, a transaction could be cut short, which is safe but redelivered work.
     */
    static Duration gracefulStop(String service) {
        Properties p = properties.get(service);
        String timeout = p.getProperty("quarkus.shutdown.timeout");
        assertThat(timeout).as(service + " quarkus.shutdown.timeout (without it, requests under way are cut off)")
                .isNotNull();
        Duration stop = duration(timeout).plusSeconds(5);
        if (SERVICES_WITH_DATABASE.contains(service)) {
            stop = stop.plus(duration(p.getProperty("homefirst.consumer.shutdown-drain", "10s")));
        }
        return stop;
    }

    /** A duration as Quarkus reads one ("10s", "500ms", a number of seconds, or ISO-8601). */
    static Duration duration(String value) {
        return DurationConverter.parseDuration(value.trim());
    }

    @Test
    void everyDeploymentWaitsLongerBeforeKillingAServiceThanItTakesToStopGracefully() {
        Matcher local = Pattern.compile("stop_pids (\\d+) \\$pids").matcher(run);
        assertThat(local.find()).as("deploy/local/run stops the services with stop_pids <seconds> $pids").isTrue();
        Duration localGrace = Duration.ofSeconds(Long.parseLong(local.group(1)));
        for (String service : properties.keySet()) {
            Duration needed = gracefulStop(service);
            Object kubernetesGrace = path(single("Deployment", service), "spec", "template", "spec",
                    "terminationGracePeriodSeconds");
            assertThat(kubernetesGrace).as(service + " terminationGracePeriodSeconds in Kubernetes").isNotNull();
            assertThat(Duration.ofSeconds(Long.parseLong(String.valueOf(kubernetesGrace))))
                    .as(service + " Kubernetes grace period vs its graceful stop").isGreaterThanOrEqualTo(needed);
            Object composeGrace = composeService(service).get("stop_grace_period");
            assertThat(composeGrace).as(service + " stop_grace_period in compose (its default, 10 s, is too short)")
                    .isNotNull();
            assertThat(duration(String.valueOf(composeGrace))).as(service + " compose grace period vs its graceful stop")
                    .isGreaterThanOrEqualTo(needed);
            assertThat(localGrace).as(service + " deploy/local/run grace period vs its graceful stop")
                    .isGreaterThanOrEqualTo(needed);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Ports and probes

    @Test
    void composePortsAndHealthChecksAreTheServicesOwn() {
        for (String service : SERVICES) {
            Map<String, Object> container = composeService(service);
            String port = environment(container, service).get("QUARKUS_HTTP_PORT");
            assertThat(port).as(service + " QUARKUS_HTTP_PORT in compose").isNotNull();
            assertThat(strings(container.get("ports"))).as(service + " ports in compose").contains(port + ":" + port);
            String healthCheck = String.join(" ", strings(path(container, "healthcheck", "test")));
            assertThat(healthCheck).as(service + " health check in compose")
                    .contains("/dev/tcp/127.0.0.1/" + port + " ", READY);
            assertThat(strings(container.get("volumes"))).as(service + " volumes in compose")
                    .contains("../../" + service + "/target/quarkus-app:/deployments:ro");
            if (properties.containsKey(service)) {
                assertThat(port).as(service + " port in compose vs its application.properties").isEqualTo(httpPort(service));
            }
        }
    }

    @Test
    void kubernetesPortsAndProbesAreTheServicesOwn() {
        for (String service : SERVICES) {
            Map<String, Object> deployment = single("Deployment", service);
            Map<String, Object> container = onlyContainer(deployment, service);
            List<Object> ports = list(container.get("ports"));
            assertThat(ports).as(service + " container ports").hasSize(1);
            Object containerPort = asMap(ports.get(0), service).get("containerPort");
            String port = String.valueOf(containerPort);

            assertThat(path(container, "livenessProbe", "httpGet", "path")).as(service + " liveness probe").isEqualTo(LIVE);
            assertThat(path(container, "readinessProbe", "httpGet", "path")).as(service + " readiness probe").isEqualTo(READY);
            Object startup = path(container, "startupProbe", "httpGet", "path");
            if (startup != null) {
                assertThat(startup).as(service + " startup probe").isIn(LIVE, "/q/health/started");
            }
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                Object probePort = path(container, probe, "httpGet", "port");
                if (probePort != null) {
                    assertThat(String.valueOf(probePort)).as(service + " " + probe + " port").isIn(port, "http");
                }
            }
            assertThat(container.get("resources")).as(service + " resources").isNotNull();
            assertThat(path(container, "resources", "requests", "memory")).as(service + " memory request").isNotNull();
            assertThat(path(container, "resources", "limits", "memory")).as(service + " memory limit").isNotNull();

            assertThat(variables(container, service).get("QUARKUS_HTTP_PORT"))
                    .as(service + " QUARKUS_HTTP_PORT in Kubernetes").isEqualTo(port);

            Map<String, Object> k8sService = single("Service", service);
            Map<String, Object> servicePort = asMap(list(path(k8sService, "spec", "ports")).get(0), service);
            assertThat(String.valueOf(servicePort.get("targetPort"))).as(service + " Service targetPort").isIn(port, "http");
            assertThat(String.valueOf(servicePort.get("port"))).as(service + " Service port").isEqualTo(port);
            assertThat(path(k8sService, "spec", "selector")).as(service + " Service selector")
                    .isEqualTo(path(deployment, "spec", "selector", "matchLabels"));

            if (properties.containsKey(service)) {
                assertThat(port).as(service + " port in Kubernetes vs its application.properties").isEqualTo(httpPort(service));
            }
        }
    }

    @Test
    void localRunUsesTheServicesPorts() {
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(\\w+)_PORT=\\$\\{HOMEFIRST_\\1_PORT:-(\\d+)}").matcher(run);
        while (m.find()) {
            defaults.put(m.group(1), m.group(2));
        }
        assertThat(defaults).as("port defaults in deploy/local/run")
                .containsOnlyKeys("KAFKA", "POSTGRES", "REFERRAL", "TRIAGE", "HUB_ALLOCATION", "TARGET_MONITOR", "IDENTITY");
        for (String service : properties.keySet()) {
            assertThat(URI.create(properties.get(service).getProperty("quarkus.oidc.auth-server-url")).getPort())
                    .as("deploy/local/run identity provider port vs " + service + " quarkus.oidc.auth-server-url")
                    .isEqualTo(Integer.parseInt(defaults.get("IDENTITY")));
        }
        for (String service : properties.keySet()) {
            String variable = service.replace("-service", "").replace('-', '_').toUpperCase(Locale.ROOT);
            assertThat(defaults.get(variable)).as(service + " port in deploy/local/run vs its application.properties")
                    .isEqualTo(httpPort(service));
            Properties p = properties.get(service);
            assertThat(defaults.get("KAFKA")).as("deploy/local/run Kafka port vs " + service + " kafka.bootstrap.servers")
                    .isEqualTo(p.getProperty("kafka.bootstrap.servers").replaceAll(".*:", ""));
            if (SERVICES_WITH_DATABASE.contains(service)) {
                assertThat(defaults.get("POSTGRES")).as("deploy/local/run PostgreSQL port vs " + service + " JDBC URL")
                        .isEqualTo(String.valueOf(jdbcUri(p.getProperty("quarkus.datasource.jdbc.url")).getPort()));
            }
        }
        assertThat(words(assignment(run, "ALL_SERVICES"))).as("ALL_SERVICES in deploy/local/run").isEqualTo(SERVICES);
        assertThat(assignment(run, "PARTITIONS")).as("PARTITIONS in deploy/local/run")
                .isEqualTo(environment(composeService("kafka-topics"), "kafka-topics").get("PARTITIONS"));
        // The compose file publishes Kafka and PostgreSQL where the local stack serves them.
        assertThat(strings(composeService("kafka").get("ports"))).as("compose kafka ports")
                .contains(defaults.get("KAFKA") + ":" + defaults.get("KAFKA"));
        assertThat(strings(composeService("postgres").get("ports"))).as("compose postgres ports")
                .contains(defaults.get("POSTGRES") + ":5432");
    }

    @Test
    void kubernetesKafkaUsersGrantWhatTheLocalBrokerGrants() {
        Map<String, Set<String>> inKubernetes = new LinkedHashMap<>();
        for (Map<String, Object> user : kubernetes.stream().filter(d -> "KafkaUser".equals(d.get("kind"))).toList()) {
            String name = string(path(user, "metadata", "name"));
            assertThat(string(path(user, "spec", "authentication", "type"))).as(name + " authentication").isEqualTo("scram-sha-512");
            Set<String> acls = new TreeSet<>();
            for (Object entry : list(path(user, "spec", "authorization", "acls"))) {
                Map<String, Object> acl = asMap(entry, name);
                String type = string(path(acl, "resource", "type")).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
                String pattern = "prefix".equals(path(acl, "resource", "patternType")) ? "PREFIXED" : "LITERAL";
                for (Object operation : list(acl.get("operations"))) {
                    acls.add(type + " " + path(acl, "resource", "name") + " " + pattern + " "
                            + String.valueOf(operation).toUpperCase(Locale.ROOT));
                }
            }
            inKubernetes.put(name, acls);
        }
        Map<String, Set<String>> local = new LinkedHashMap<>();
        uk.nhs.homefirst.harness.KafkaAccess.GRANTS.forEach((principal, grants) -> local.put(principal, grants.stream()
                .flatMap(grant -> grant.operations().stream().map(operation -> grant.type() + " " + grant.name() + " "
                        + grant.pattern() + " " + operation))
                .collect(Collectors.toCollection(TreeSet::new))));
        assertThat(inKubernetes).as("KafkaUser ACLs in deploy/kubernetes, against test-harness KafkaAccess")
                .isEqualTo(local);
        for (String service : SERVICES) {
            Map<String, Object> container = onlyContainer(single("Deployment", service), service);
            assertThat(list(container.get("env"))).as(service + " reads its SCRAM password from its KafkaUser's Secret")
                    .anySatisfy(entry -> {
                        assertThat(path(asMap(entry, service), "name")).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                        assertThat(path(asMap(entry, service), "valueFrom", "secretKeyRef", "name")).isEqualTo(service);
                    });
        }
    }

    // ------------------------------------------------------------------------------------------
    // Environment variables

    @Test
    void composeHandsTheServicesOnlyVariablesTheyUnderstand() {
        for (String service : SERVICES) {
            Set<String> names = environment(composeService(service), service).keySet();
            assertThat(names).as(service + " environment in compose").containsExactlyInAnyOrderElementsOf(composeVariablesOf(service));
            assertUnderstood(service, names, "compose");
        }
    }

    @Test
    void kubernetesHandsTheServicesOnlyVariablesTheyUnderstand() {
        for (String service : SERVICES) {
            Set<String> names = variables(onlyContainer(single("Deployment", service), service), service).keySet();
            assertThat(names).as(service + " environment in Kubernetes").containsExactlyInAnyOrderElementsOf(kubernetesVariablesOf(service));
            assertUnderstood(service, names, "Kubernetes");
        }
    }

    @Test
    void referralServiceRunsWithTheSameJvmOptionsEverywhereAndKubernetesLeavesRoomAboveTheHeap() throws IOException {
        String options = ServiceProcess.REFERRAL_SERVICE_JAVA_OPTS;
        assertThat(options).as("referral-service's JVM options").contains("-Xmx").contains("-XX:+Use");
        Map<String, Object> container = onlyContainer(single("Deployment", "referral-service"), "referral-service");
        assertThat(variables(container, "referral-service").get(JVM_VARIABLE)).as("Kubernetes").isEqualTo(options);
        assertThat(environment(composeService("referral-service"), "referral-service").get(JVM_VARIABLE))
                .as("compose").isEqualTo(options);
        assertThat(run).as("deploy/local/run").contains("HOMEFIRST_REFERRAL_SERVICE_JAVA_OPTS:-" + options + "}");
        assertThat(Files.readString(root.resolve("referral-service/benchmark/run")))
                .as("the benchmark").contains("BENCH_SERVICE_JAVA_OPTS:-" + options + "}");
        assertThat(Files.readString(deploy.resolve("local/chaos-suite/ChaosSuite.java")))
                .as("the chaos suite's peer").contains('"' + options + '"');

        // The resident set is the heap and about 250 MB more (metaspace, code, threads, buffers): measured.
        long heap = mebibytes(options.replaceAll(".*-Xmx(\\S+).*", "$1"));
        long limit = mebibytes(String.valueOf(path(container, "resources", "limits", "memory")));
        long request = mebibytes(String.valueOf(path(container, "resources", "requests", "memory")));
        assertThat(request).as("Kubernetes memory request, MiB, over the " + heap + " MiB heap").isGreaterThanOrEqualTo(heap + 256);
        assertThat(limit).as("Kubernetes memory limit, MiB").isGreaterThanOrEqualTo(heap + 512);
        assertThat(mebibytes(String.valueOf(path(composeService("referral-service"), "deploy", "resources", "limits", "memory"))))
                .as("compose memory limit, MiB").isGreaterThanOrEqualTo(heap + 512);
    }

    /** 768m, 1Gi, 1280Mi, 1280M as MiB (M taken as MiB: close enough for a floor). */
    static long mebibytes(String size) {
        Matcher m = Pattern.compile("(\\d+)\\s*([kKmMgG])i?[bB]?").matcher(size.trim());
        assertThat(m.matches()).as("a memory size: " + size).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> n / 1024;
            case 'g' -> n * 1024;
            default -> n;
        };
    }

    @Test
    void localRunHandsTheServicesOnlyVariablesTheyUnderstand() {
        // The services are started with "service_environment <service> && exec env NAME=value ... java ... -jar":
        // the same names for all on that line, and each service's own in its branch of service_environment().
        int start = run.indexOf("exec env");
        assertThat(start).as("the services' start line (exec env ...) in deploy/local/run").isNotNegative();
        Set<String> common = names(run.substring(start, run.indexOf("-jar", start)), "^\\s*([A-Z][A-Z0-9_]*)=");
        String function = run.substring(run.indexOf("service_environment() {"), run.indexOf("\n}\n", run.indexOf("service_environment() {")));
        String monitorBranch = function.substring(function.indexOf("target-monitor-service)"), function.indexOf(";;"));
        String otherBranch = function.substring(function.indexOf("*)"));
        // With --demo only, referral-service alone accepts receipts as old as the demo's history.
        String demoBranch = referralServiceBranch(otherBranch, "if [ \"$1\" = referral-service ] && $DEMO; then", "the demo's");
        otherBranch = otherBranch.replace(demoBranch, "");
        // The local stack alone lets referral-service's rest-hooks reach a receiver on this machine.
        String localBranch = referralServiceBranch(otherBranch, "if [ \"$1\" = referral-service ]; then", "the local stack's");
        otherBranch = otherBranch.replace(localBranch, "");
        for (String service : SERVICES) {
            Set<String> names = new TreeSet<>(common);
            names.addAll(names(service.equals("target-monitor-service") ? monitorBranch : otherBranch,
                    "export ([A-Z][A-Z0-9_]*)="));
            Set<String> expected = new TreeSet<>(variablesOf(service));
            expected.add(ISSUER_VARIABLE);
            if (service.equals("referral-service")) {
                names.addAll(names(demoBranch, "export ([A-Z][A-Z0-9_]*)="));
                names.addAll(names(localBranch, "export ([A-Z][A-Z0-9_]*)="));
                expected.add("HOMEFIRST_INTAKE_MAX_BACKDATING");
                expected.add("HOMEFIRST_SUBSCRIPTIONS_ALLOWED_HOSTS");
            }
            assertThat(names).as("variables deploy/local/run sets for " + service)
                    .containsExactlyInAnyOrderElementsOf(expected);
            if (properties.containsKey(service)) {
                assertUnderstood(service, names, "deploy/local/run");
            }
        }
    }

    private static Set<String> names(String script, String pattern) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile(pattern, Pattern.MULTILINE).matcher(script);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The `if ... fi` of service_environment() that only referral-service enters, beginning with {@code opening}. */
    private static String referralServiceBranch(String branch, String opening, String whose) {
        int start = branch.indexOf(opening);
        assertThat(start).as(whose + " branch for referral-service in service_environment()").isNotNegative();
        return branch.substring(start, branch.indexOf("\n            fi", start));
    }

    /**
     * A variable is understood when it is the environment form of a property the service sets: upper
     * case, every character other than a letter or digit made an underscore (MicroProfile Config).
     */
    static void assertUnderstood(String service, Set<String> names, String where) {
        Properties p = properties.get(service);
        if (p == null) {
            return;
        }
        Set<String> understood = p.stringPropertyNames().stream()
                .map(key -> key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
        // Quarkus hands every KAFKA_* variable that names a Kafka client setting to all of the service's
        // Kafka clients (kafka.sasl.jaas.config from KAFKA_SASL_JAAS_CONFIG), declared or not.
        Stream.of(org.apache.kafka.clients.producer.ProducerConfig.configNames(),
                        org.apache.kafka.clients.consumer.ConsumerConfig.configNames())
                .flatMap(Set::stream)
                .map(key -> "KAFKA_" + key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))
                .forEach(understood::add);
        understood.add(JVM_VARIABLE);
        assertThat(names).as(service + " variables in " + where + " that are the environment form of a property in its application.properties")
                .allSatisfy(name -> assertThat(understood).contains(name));
    }

    // ------------------------------------------------------------------------------------------
    // Databases

    @Test
    void everyServiceDatabaseIsCreatedAndNamedAlike() throws IOException {
        Set<String> initialised = new LinkedHashSet<>();
        Matcher create = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+(\\w+)")
                .matcher(Files.readString(deploy.resolve("compose/postgres/init-databases.sql")));
        while (create.find()) {
            initialised.add(create.group(1));
        }
        List<String> runDatabases = words(assignment(run, "DATABASES"));
        assertThat(initialised).as("databases of the compose init script vs DATABASES in deploy/local/run")
                .containsExactlyInAnyOrderElementsOf(runDatabases);
        assertThat(strings(composeService("postgres").get("volumes"))).as("compose postgres volumes")
                .contains("./postgres/init-databases.sql:/docker-entrypoint-initdb.d/10-init-databases.sql:ro");

        for (String service : SERVICES_WITH_DATABASE) {
            String composeDatabase = database(environment(composeService(service), service).get("QUARKUS_DATASOURCE_JDBC_URL"));
            String kubernetesDatabase = database(variables(onlyContainer(single("Deployment", service), service), service)
                    .get("QUARKUS_DATASOURCE_JDBC_URL"));
            Matcher caseLine = Pattern.compile("(?m)^\\s*" + Pattern.quote(service) + "\\) echo (\\w+) ;;$").matcher(
                    run.substring(run.indexOf("database_of()")));
            assertThat(caseLine.find()).as(service + " in database_of() of deploy/local/run").isTrue();
            String runDatabase = caseLine.group(1);

            assertThat(initialised).as("databases created by the compose init script").contains(composeDatabase);
            assertThat(runDatabases).as("DATABASES in deploy/local/run").contains(runDatabase);
            assertThat(List.of(kubernetesDatabase, runDatabase)).as(service + " database in Kubernetes and deploy/local/run")
                    .containsOnly(composeDatabase);
            if (properties.containsKey(service)) {
                String own = database(properties.get(service).getProperty("quarkus.datasource.jdbc.url"));
                assertThat(composeDatabase).as(service + " database in the deployments vs its application.properties").isEqualTo(own);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.exists(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("event-contracts"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No repository root (with deploy/) above " + Path.of("").toAbsolutePath());
    }

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    static List<Object> loadAll(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<Object> documents = new ArrayList<>();
            yaml.loadAll(in).forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return fail("%s is not valid YAML: %s", file, e.getMessage());
        }
    }

    static Map<String, Object> composeService(String name) {
        Object service = path(compose, "services", name);
        assertThat(service).as("service " + name + " in compose.yaml").isNotNull();
        return asMap(service, name);
    }

    /** A compose service's environment, in either of compose's two forms (map or KEY=value list). */
    static Map<String, String> environment(Map<String, Object> service, String name) {
        Object environment = service.get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map) {
            asMap(environment, name).forEach((k, v) -> variables.put(k, v == null ? null : String.valueOf(v)));
        } else {
            for (String entry : strings(environment)) {
                int equals = entry.indexOf('=');
                variables.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? null : entry.substring(equals + 1));
            }
        }
        return variables;
    }

    static List<Map<String, Object>> ofKind(String kind) {
        return kubernetes.stream().filter(d -> kind.equals(d.get("kind"))).collect(Collectors.toList());
    }

    static Map<String, Object> single(String kind, String name) {
        List<Map<String, Object>> found = ofKind(kind).stream()
                .filter(d -> name == null || name.equals(path(d, "metadata", "name")))
                .collect(Collectors.toList());
        assertThat(found).as(kind + (name == null ? "" : " " + name) + " in deploy/kubernetes").hasSize(1);
        return found.get(0);
    }

    static Map<String, Object> onlyContainer(Map<String, Object> deployment, String service) {
        List<Object> containers = list(path(deployment, "spec", "template", "spec", "containers"));
        assertThat(containers).as(service + " containers").hasSize(1);
        return asMap(containers.get(0), service);
    }

    /** A container's environment: its env entries and every key of the ConfigMaps and Secrets it takes envFrom. */
    static Map<String, String> variables(Map<String, Object> container, String service) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object from : list(container.get("envFrom"))) {
            Map<String, Object> source = asMap(from, service);
            boolean configMap = source.containsKey("configMapRef");
            String name = string(path(source, configMap ? "configMapRef" : "secretRef", "name"));
            Map<String, Object> resource = single(configMap ? "ConfigMap" : "Secret", name);
            Object data = configMap ? resource.get("data") : resource.getOrDefault("stringData", resource.get("data"));
            asMap(data, name).forEach((k, v) -> variables.put(k, String.valueOf(v)));
        }
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = asMap(entry, service);
            variables.put(string(variable.get("name")), variable.get("value") == null ? null : String.valueOf(variable.get("value")));
        }
        return variables;
    }

    static String httpPort(String service) {
        return properties.get(service).getProperty("quarkus.http.port");
    }

    static URI jdbcUri(String jdbcUrl) {
        assertThat(jdbcUrl).as("JDBC URL").startsWith("jdbc:postgresql://");
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    static String database(String jdbcUrl) {
        return jdbcUri(jdbcUrl).getPath().substring(1);
    }

    /** The value of a NAME=value or NAME="value" line of the run script. */
    static String assignment(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=\"?([^\"\\n]*)\"?$").matcher(script);
        assertThat(m.find()).as(name + "= in deploy/local/run").isTrue();
        return m.group(1);
    }

    static List<String> words(String text) {
        return Arrays.asList(text.trim().split("\\s+"));
    }

    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node, String what) {
        assertThat(node).as(what + " should be a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    static List<String> strings(Object node) {
        return list(node).stream().map(String::valueOf).collect(Collectors.toList());
    }

    static String string(Object node) {
        return node == null ? null : String.valueOf(node);
    }
}
