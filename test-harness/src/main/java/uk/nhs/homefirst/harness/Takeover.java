package uk.nhs.homefirst.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Issue 17, point 4: a consumer instance killed with {@code kill -9} has its partitions taken over
 * by a live instance of its group within 15 s. A second instance of the service (the built jar)
 * joins the group of the one under test; once it holds partitions it is killed with SIGKILL, so it
 * never leaves the group, and the group is watched until the instance under test holds them all.
 */
public final class Takeover {

    /** What the service's consumers are configured for: {@code session.timeout.ms} of 10 s and a rebalance. */
    public static final Duration BOUND = Duration.ofSeconds(15);

    /**
     * @param killedPartitions what the killed instance held
     * @param takenOver        from the SIGKILL until a live member of the group held every one of them
     */
    public record Result(Set<TopicPartition> killedPartitions, Duration takenOver) {
    }

    private Takeover() {
    }

    /**
     * Starts a second instance of {@code module} (configured by {@code environment}, as
     * {@link ServiceProcess#of} takes it) beside the one under test, in consumer group {@code group},
     * kills it once it holds partitions, and measures the takeover.
     */
    public static Result afterKill(Path root, String module, String group, Map<String, String> environment) {
        String kafka = SharedInfrastructure.kafkaBootstrapServers();
        Map<String, Object> properties = new HashMap<>(SharedInfrastructure.kafkaAdminProperties(kafka));
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin admin = Admin.create(properties);
                ServiceProcess second = ServiceProcess.of(root, module, environment,
                        root.resolve(module).resolve("target/service-logs"))) {
            Set<String> before = memberIds(describe(admin, group));
            second.start(Duration.ofMinutes(3));
            // Stable, with the new instance's consumers holding partitions.
            Map<String, Set<TopicPartition>> killed = Map.of();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (killed.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the second instance of " + module + " never held partitions");
                }
                pause(200);
                ConsumerGroupDescription now = describe(admin, group);
                if (now.groupState() == GroupState.STABLE) {
                    killed = assignments(now, member -> !before.contains(member.consumerId()));
                }
            }
            Set<TopicPartition> partitions = new HashSet<>();
            killed.values().forEach(partitions::addAll);
            long killedAt = System.nanoTime();
            second.kill();
            deadline = killedAt + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription now = describe(admin, group);
                Set<String> members = memberIds(now);
                Set<TopicPartition> held = new HashSet<>();
                assignments(now, member -> true).values().forEach(held::addAll);
                if (members.stream().noneMatch(killed::containsKey) && held.containsAll(partitions)) {
                    return new Result(partitions, Duration.ofNanos(System.nanoTime() - killedAt));
                }
                pause(100);
            }
            throw new IllegalStateException(module + "'s partitions " + partitions + " were not taken over within 2 minutes");
        }
    }

    /** The configuration of the service under test (a {@code @QuarkusTest}'s), for a second instance of it. */
    public static Map<String, String> environmentOfTheServiceUnderTest() {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", config.getValue("quarkus.datasource.jdbc.url", String.class),
                "QUARKUS_DATASOURCE_USERNAME", config.getValue("quarkus.datasource.username", String.class),
                "QUARKUS_DATASOURCE_PASSWORD", config.getValue("quarkus.datasource.password", String.class),
                "KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafkaBootstrapServers(),
                "QUARKUS_OIDC_AUTH_SERVER_URL", config.getValue("quarkus.oidc.auth-server-url", String.class));
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe consumer group " + group, e);
        }
    }

    private static Set<String> memberIds(ConsumerGroupDescription group) {
        Set<String> ids = new HashSet<>();
        group.members().forEach(member -> ids.add(member.consumerId()));
        return ids;
    }

    private static Map<String, Set<TopicPartition>> assignments(ConsumerGroupDescription group,
            java.util.function.Predicate<MemberDescription> which) {
        Map<String, Set<TopicPartition>> held = new HashMap<>();
        for (MemberDescription member : group.members()) {
            if (which.test(member) && !member.assignment().topicPartitions().isEmpty()) {
                held.put(member.consumerId(), member.assignment().topicPartitions());
            }
        }
        return held;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
