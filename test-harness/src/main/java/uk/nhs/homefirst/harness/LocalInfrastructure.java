package uk.nhs.homefirst.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import uk.nhs.homefirst.events.Topics;

/**
 * The broker and PostgreSQL of the local stack ({@code deploy/local/run}), in one JVM, with their
 * data kept in a folder between runs. Prints one line, {@code READY kafka=... postgres=...}, once
 * both serve and the topics and databases exist; stops both on SIGINT or SIGTERM.
 *
 * <p>Arguments: {@code <data folder> <kafka port> <postgres port> <partitions> <database>...}
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

        PostgresServer postgres = PostgresServer.startEmbedded(data.resolve("postgres"), postgresPort, true);
        KafkaBroker broker = KafkaBroker.start(data.resolve("kafka"), kafkaPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            postgres.close();
            stopped.countDown();
        }, "local-infrastructure-stop"));

        databases.forEach(postgres::createDatabase);
        broker.createTopics(Topics.ALL, partitions);
        System.out.println("READY kafka=" + broker.bootstrapServers() + " postgres=" + postgres.jdbcUrl("<database>"));
        System.out.flush();
        stopped.await();
    }
}
