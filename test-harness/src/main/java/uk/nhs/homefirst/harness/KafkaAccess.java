package uk.nhs.homefirst.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import uk.nhs.homefirst.events.Topics;

/**
 * Who may do what on the broker: one SCRAM-SHA-512 principal per service and one for integrators,
 * each allowed only what it needs (deploy/local/README.md has the table; deploy/kubernetes/kafka-users.yaml
 * grants the same, and DeployConfigurationTest checks that they agree). The broker denies the rest.
 */
public final class KafkaAccess {

    /** The broker's super-user: creates topics, principals and ACLs. Never given to a service. */
    public static final String ADMIN = "admin";
    public static final String INTEGRATOR = "integrator";
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The monitor's own topics (target-monitor.*) and Kafka Streams' (target-monitor-service-*), its groups and transactional ids. */
    public static final String MONITOR_PREFIX = "target-monitor";

    /** One grant: operations on a resource, by name or by name prefix. */
    public record Grant(ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {

        static Grant read(String topic) {
            return new Grant(ResourceType.TOPIC, topic, PatternType.LITERAL, List.of(AclOperation.READ));
        }

        static Grant write(String topic) {
            return new Grant(ResourceType.TOPIC, topic, PatternType.LITERAL, List.of(AclOperation.WRITE));
        }

        static Grant group(String name, PatternType pattern) {
            return new Grant(ResourceType.GROUP, name, pattern, List.of(AclOperation.READ));
        }
    }

    /** The grants of each principal (READ and WRITE imply DESCRIBE). */
    public static final Map<String, List<Grant>> GRANTS = grants();

    private KafkaAccess() {
    }

    private static Map<String, List<Grant>> grants() {
        Map<String, List<Grant>> grants = new LinkedHashMap<>();
        grants.put("referral-service", List.of(
                Grant.write(Topics.REFERRALS), Grant.write(Topics.REFERRAL_STATUS),
                Grant.read(Topics.ASSESSMENTS), Grant.read(Topics.ALLOCATIONS), Grant.read(Topics.VISITS),
                Grant.write(Topics.ASSESSMENTS_DLQ), Grant.write(Topics.ALLOCATIONS_DLQ), Grant.write(Topics.VISITS_DLQ),
                Grant.group("referral-service", PatternType.LITERAL)));
        grants.put("triage-service", List.of(
                Grant.write(Topics.ASSESSMENTS),
                // allocations: the referrals a hub sends back to the LDU (ReferralSentBack).
                Grant.read(Topics.REFERRALS), Grant.read(Topics.ALLOCATIONS),
                Grant.write(Topics.REFERRALS_DLQ), Grant.write(Topics.ALLOCATIONS_DLQ),
                Grant.group("triage-service", PatternType.LITERAL)));
        grants.put("hub-allocation-service", List.of(
                Grant.write(Topics.ALLOCATIONS), Grant.write(Topics.VISITS),
                Grant.read(Topics.REFERRALS), Grant.read(Topics.ASSESSMENTS),
                // response-clocks: the caseload's deadlines, as the target monitor judges them.
                Grant.read(Topics.RESPONSE_CLOCKS),
                Grant.write(Topics.REFERRALS_DLQ), Grant.write(Topics.ASSESSMENTS_DLQ), Grant.write(Topics.RESPONSE_CLOCKS_DLQ),
                Grant.group("hub-allocation-service", PatternType.LITERAL)));
        List<Grant> monitor = new ArrayList<>(List.of(
                Grant.read(Topics.REFERRALS), Grant.read(Topics.ASSESSMENTS), Grant.read(Topics.ALLOCATIONS),
                Grant.read(Topics.VISITS), Grant.write(Topics.RESPONSE_CLOCKS),
                // It reads its own alerts back for the dashboard's live stream.
                new Grant(ResourceType.TOPIC, Topics.TARGET_ALERTS, PatternType.LITERAL,
                        List.of(AclOperation.READ, AclOperation.WRITE)),
                Grant.write(Topics.REFERRALS_DLQ), Grant.write(Topics.ASSESSMENTS_DLQ),
                Grant.write(Topics.ALLOCATIONS_DLQ), Grant.write(Topics.VISITS_DLQ),
                // Kafka Streams creates and reads its changelogs and repartition topics, exactly once.
                new Grant(ResourceType.TOPIC, MONITOR_PREFIX, PatternType.PREFIXED, List.of(AclOperation.ALL)),
                Grant.group(MONITOR_PREFIX, PatternType.PREFIXED),
                new Grant(ResourceType.TRANSACTIONAL_ID, MONITOR_PREFIX, PatternType.PREFIXED, List.of(AclOperation.WRITE))));
        grants.put("target-monitor-service", List.copyOf(monitor));
        grants.put(INTEGRATOR, List.of(
                Grant.read(Topics.ASSESSMENTS), Grant.read(Topics.ALLOCATIONS), Grant.read(Topics.VISITS),
                Grant.read(Topics.TARGET_ALERTS), Grant.read(Topics.REFERRAL_STATUS), Grant.read(Topics.RESPONSE_CLOCKS),
                Grant.group(INTEGRATOR, PatternType.PREFIXED)));
        return java.util.Collections.unmodifiableMap(grants);
    }

    /** The ACLs of {@link #GRANTS}, allowing from any host. */
    public static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        GRANTS.forEach((principal, grants) -> grants.forEach(grant -> grant.operations().forEach(operation ->
                bindings.add(new AclBinding(new ResourcePattern(grant.type(), grant.name(), grant.pattern()),
                        new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW))))));
        return bindings;
    }

    /** Sets each principal's password (creating it if need be) and grants the ACLs; repeating it changes nothing else. */
    public static void apply(Admin admin, Map<String, String> passwords) {
        try {
            admin.alterUserScramCredentials(passwords.entrySet().stream()
                    .<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(entry -> new UserScramCredentialUpsertion(
                            entry.getKey(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), entry.getValue()))
                    .toList()).all().get();
            admin.createAcls(bindings()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not set the Kafka principals and ACLs", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every principal but the super-user: the services and the integrator. */
    public static List<String> principals() {
        return List.copyOf(GRANTS.keySet());
    }

    /** What a client needs to connect as {@code user}, over SASL/SCRAM without TLS (loopback only). */
    public static Map<String, Object> clientProperties(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
    }

    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
