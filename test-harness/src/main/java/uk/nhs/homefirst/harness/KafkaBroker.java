package uk.nhs.homefirst.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import uk.nhs.homefirst.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one node), running inside
 * this JVM. Its version is the one of the kafka-clients next to it, as the two share classes.
 *
 * <p>The storage is formatted only when it has never been: formatting again with a new cluster id
 * makes a restart fail. So a broker started on the same folder keeps its topics and records, which
 * is what the local stack and the "broker down, broker back" tests need.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Held so that the levels set on them are not lost when the logging framework drops unused loggers. */
    private static final List<java.util.logging.Logger> QUIETENED = List.of(
            java.util.logging.Logger.getLogger("kafka"),
            java.util.logging.Logger.getLogger("org.apache.kafka"),
            java.util.logging.Logger.getLogger("state.change.logger"));

    private final Path dataDirectory;
    private final int port;
    private final int controllerPort;
    /** The super-user's password when clients must authenticate (SASL/SCRAM and ACLs), else null. */
    private final String adminPassword;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDirectory, int port, int controllerPort, String adminPassword) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.adminPassword = adminPassword;
    }

    /** Starts a broker on the given port (0 for any free one), keeping its log in {@code dataDirectory}. */
    public static KafkaBroker start(Path dataDirectory, int port) {
        KafkaBroker broker = new KafkaBroker(dataDirectory, port == 0 ? freePort() : port, freePort(), null);
        broker.start();
        return broker;
    }

    /**
     * Starts a broker whose clients authenticate with SASL/SCRAM-SHA-512 and are authorised by KRaft's
     * StandardAuthorizer: nobody may do anything without an ACL but the super-user {@link KafkaAccess#ADMIN},
     * whose password is kept beside the storage (it is written into the storage when it is formatted).
     * The controller listener stays plaintext on 127.0.0.1: it serves only the broker itself.
     */
    public static KafkaBroker startSecured(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            Path passwordFile = dataDirectory.resolve("admin.password");
            if (!Files.exists(passwordFile)) {
                Files.writeString(Files.createFile(passwordFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), newPassword());
            }
            KafkaBroker broker = new KafkaBroker(dataDirectory, port == 0 ? freePort() : port, freePort(),
                    Files.readString(passwordFile).trim());
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random password for a principal (URL-safe Base64, nothing to quote in a JAAS line). */
    public static String newPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean secured() {
        return adminPassword != null;
    }

    /** What a client needs to connect as the super-user: nothing on a broker that is not secured. */
    public Map<String, Object> adminProperties() {
        return secured() ? KafkaAccess.clientProperties(KafkaAccess.ADMIN, adminPassword) : Map.of();
    }

    /** What a client needs to connect as {@code principal} (its password set by {@link #grant(Map)}). */
    public Map<String, Object> clientProperties(String principal, String password) {
        return secured() ? KafkaAccess.clientProperties(principal, password) : Map.of();
    }

    /** Sets the principals' passwords and grants {@link KafkaAccess}'s ACLs, on a secured broker. */
    public void grant(Map<String, String> passwords) {
        try (Admin admin = Admin.create(withBootstrap(adminProperties()))) {
            KafkaAccess.apply(admin, passwords);
        }
    }

    private Map<String, Object> withBootstrap(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        all.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(60).toMillis());
        return all;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Starts the broker again on the same port and storage, after {@link #stop()}. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        QUIETENED.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
        try {
            Files.createDirectories(dataDirectory);
            Path configFile = dataDirectory.resolve("server.properties");
            Properties properties = configuration();
            try (Writer out = Files.newBufferedWriter(configFile)) {
                properties.store(out, "written by the Home First test harness");
            }
            if (!Files.exists(dataDirectory.resolve("log").resolve("meta.properties"))) {
                format(configFile, adminPassword);
            }
            KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
            raftServer.startup();
            server = raftServer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker and waits until it has released its ports; the data stays. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates each topic that does not exist yet, with the given partitions and the platform's retention. */
    public void createTopics(Collection<String> names, int partitions) {
        createTopics(bootstrapServers(), adminProperties(), names, partitions);
    }

    /** As {@link #createTopics(Collection, int)}, on any broker. */
    public static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        createTopics(bootstrapServers, Map.of(), names, partitions);
    }

    /** As {@link #createTopics(Collection, int)}, on any broker, with the client's security settings. */
    public static void createTopics(String bootstrapServers, Map<String, Object> security, Collection<String> names,
            int partitions) {
        Map<String, Object> properties = new java.util.HashMap<>(security);
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(60).toMillis());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = names.stream()
                    .filter(name -> !existing.contains(name))
                    .distinct()
                    .map(name -> new NewTopic(name, partitions, (short) 1)
                            .configs(Map.of("retention.ms", String.valueOf(Topics.retentionOf(name).toMillis()))))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topics " + names, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Properties configuration() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listener = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        p.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        if (secured()) {
            p.put("sasl.enabled.mechanisms", KafkaAccess.MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", KafkaAccess.MECHANISM);
            p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    KafkaAccess.jaasConfig(KafkaAccess.ADMIN, adminPassword));
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("allow.everyone.if.no.acl.found", "false");
            // ANONYMOUS is the broker itself on the plaintext controller listener (127.0.0.1, controller requests only).
            p.put("super.users", "User:" + KafkaAccess.ADMIN + ";User:ANONYMOUS");
        }
        p.put("log.dirs", dataDirectory.resolve("log").toString());
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private static void format(Path configFile, String adminPassword) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "format", "--config", configFile.toString(), "--cluster-id", Uuid.randomUuid().toString()));
        if (adminPassword != null) {
            // The super-user exists from the first start: the broker and the harness authenticate as it.
            arguments.addAll(List.of("--add-scram",
                    KafkaAccess.MECHANISM + "=[name=" + KafkaAccess.ADMIN + ",password=" + adminPassword + "]"));
        }
        int status = StorageTool.execute(arguments.toArray(String[]::new),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("Formatting the Kafka storage failed: " + output);
        }
    }

    /** A port nobody listens on now, on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
