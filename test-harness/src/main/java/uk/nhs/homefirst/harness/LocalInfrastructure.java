package uk.nhs.homefirst.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityClient;
import uk.nhs.homefirst.harness.identity.IdentityProviders;

/**
 * The broker, PostgreSQL and the identity provider of the local stack ({@code deploy/local/run}),
 * started from one JVM, the broker's and the database's data kept in a folder between runs.
 * Prints one line, {@code READY kafka=... postgres=... issuer=...}, once all serve and the topics,
 * databases and realm exist; stops them all on SIGINT or SIGTERM.
 *
 * <p>Arguments: {@code <data folder> <kafka port> <postgres port> <partitions> <database>...}.
 * With {@code HOMEFIRST_IDENTITY_PORT} set, it also starts the identity provider on that port
 * (Keycloak, or the local issuer where Keycloak cannot run; see {@link IdentityProviders}), with the
 * dashboard's address from {@code HOMEFIRST_DASHBOARD_URL}, and writes what the services and
 * {@code deploy/local/token} need (issuer, client secrets, administrator) to
 * {@code HOMEFIRST_IDENTITY_FILE}, readable by its owner only, with the Kafka principals' passwords:
 * the broker requires SASL/SCRAM and enforces {@link KafkaAccess}'s ACLs.
 */
public final class LocalInfrastructure {

    private LocalInfrastructure() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4) {
            System.err.println("usage: LocalInfrastructure <data folder> <kafka port> <postgres port> <partitions> <database>...");
            System.exit(2);
        }
        Path data = Path.of(args[0]).toAbsolutePath();
        int kafkaPort = Integer.parseInt(args[1]);
        int postgresPort = Integer.parseInt(args[2]);
        int partitions = Integer.parseInt(args[3]);
        List<String> databases = List.of(args).subList(4, args.length);
        String identityPort = System.getenv("HOMEFIRST_IDENTITY_PORT");

        // Logging set up here, before a second thread logs: the JDK's LogManager and JBoss's LogContext,
        // initialised at once from two threads (Keycloak's HTTP client, zonky's slf4j), deadlock.
        java.util.logging.LogManager.getLogManager();
        // Keycloak takes longest to start: it starts first, beside the broker and the database.
        CompletableFuture<IdentityProviders.Started> identity = identityPort == null || identityPort.isBlank()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> IdentityProviders.start(Integer.parseInt(identityPort),
                        System.getenv().getOrDefault("HOMEFIRST_DASHBOARD_URL", "http://localhost:8084"),
                        data.getParent().resolve("logs").resolve("identity.log")));
        PostgresServer postgres = PostgresServer.startEmbedded(data.resolve("postgres"), postgresPort, true);
        // Secured: each service connects as its own principal, with a password made at this start.
        // (A folder of its own: storage formatted before, without the super-user, cannot be secured.)
        KafkaBroker broker = KafkaBroker.startSecured(data.resolve("kafka-sasl"), kafkaPort);
        java.util.Map<String, String> kafkaPasswords = new java.util.LinkedHashMap<>();
        KafkaAccess.principals().forEach(principal -> kafkaPasswords.put(principal, KafkaBroker.newPassword()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            identity.thenAccept(started -> {
                if (started != null) {
                    started.provider().close();
                }
            });
            broker.stop();
            postgres.close();
            stopped.countDown();
        }, "local-infrastructure-stop"));

        databases.forEach(postgres::createDatabase);
        broker.createTopics(Topics.ALL, partitions);
        broker.grant(kafkaPasswords);
        IdentityProviders.Started started = identity.join();
        String issuer = "";
        if (started != null) {
            issuer = " issuer=" + started.provider().issuer();
            System.out.println("Identity provider: " + started.provider().description());
            if (started.whyNotKeycloak() != null) {
                System.out.println("Not Keycloak, because " + started.whyNotKeycloak() + ".");
            }
            // The people who sign in to the dashboard, there before anyone asks deploy/local/token for them.
            IdentityClient.Admin admin = new IdentityClient(started.provider().baseUrl()).admin(started.provider().admin());
            for (String role : List.of("ops", "admin")) {
                admin.ensureUser(DemoUser.standard(role), started.userPassword());
            }
        }
        String file = System.getenv("HOMEFIRST_IDENTITY_FILE");
        if (file != null && !file.isBlank()) {
            write(Path.of(file), started, kafkaPasswords, broker);
        }
        System.out.println("READY kafka=" + broker.bootstrapServers() + " postgres=" + postgres.jdbcUrl("<database>") + issuer);
        System.out.flush();
        stopped.await();
    }

    /** Shell assignments, for deploy/local/run and deploy/local/token to source; the Kafka passwords only without an identity provider. */
    private static void write(Path file, IdentityProviders.Started started, java.util.Map<String, String> kafkaPasswords,
            KafkaBroker broker) {
        StringBuilder kafka = new StringBuilder();
        // HOMEFIRST_KAFKA_PASSWORD_REFERRAL_SERVICE=..., one per principal, and the super-user's for the tools.
        kafkaPasswords.forEach((principal, password) -> kafka.append("HOMEFIRST_KAFKA_PASSWORD_")
                .append(principal.toUpperCase(java.util.Locale.ROOT).replace('-', '_')).append('=').append(password).append('\n'));
        kafka.append("HOMEFIRST_KAFKA_ADMIN_JAAS_CONFIG='")
                .append(broker.adminProperties().get(org.apache.kafka.common.config.SaslConfigs.SASL_JAAS_CONFIG))
                .append("'\n");
        String text = started == null ? kafka.toString() : kafka + String.join("\n",
                "HOMEFIRST_IDENTITY_URL=" + started.provider().baseUrl(),
                "HOMEFIRST_ISSUER=" + started.provider().issuer(),
                "HOMEFIRST_IDENTITY_KIND='" + started.provider().description().replace("'", "") + "'",
                "HOMEFIRST_IDENTITY_ADMIN=" + started.provider().admin().username(),
                "HOMEFIRST_IDENTITY_ADMIN_PASSWORD=" + started.provider().admin().password(),
                "HOMEFIRST_DASHBOARD_CLIENT_SECRET=" + started.dashboardSecret(),
                "HOMEFIRST_DEMO_CLIENT_SECRET=" + started.demoSecret(),
                "HOMEFIRST_DEMO_USER_PASSWORD=" + started.userPassword(),
                "HOMEFIRST_IDENTITY_PID=" + started.provider().pid(),
                "");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
