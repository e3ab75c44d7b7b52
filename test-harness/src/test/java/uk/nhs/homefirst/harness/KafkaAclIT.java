package uk.nhs.homefirst.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.homefirst.events.Topics;

/**
 * The broker answers to identities: a real KRaft broker with SASL/SCRAM and the StandardAuthorizer,
 * {@link KafkaAccess}'s principals and ACLs. Each service writes only its own topics, the integrator
 * reads only the topics without patient data, and a client without a known password is not let in.
 */
class KafkaAclIT {

    @TempDir
    static Path data;
    private static KafkaBroker broker;
    private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        broker = KafkaBroker.startSecured(data, 0);
        KafkaAccess.principals().forEach(principal -> PASSWORDS.put(principal, KafkaBroker.newPassword()));
        broker.grant(PASSWORDS);
        broker.grant(PASSWORDS); // again, as every start of the local stack does: harmless
        broker.createTopics(Topics.ALL, 1);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void eachServiceWritesItsOwnTopicAndNoOtherServicesTopic() {
        Map<String, String> owner = Map.of(Topics.REFERRALS, "referral-service", Topics.ASSESSMENTS, "triage-service",
                Topics.ALLOCATIONS, "hub-allocation-service", Topics.VISITS, "hub-allocation-service",
                Topics.TARGET_ALERTS, "target-monitor-service", Topics.RESPONSE_CLOCKS, "target-monitor-service");
        for (String principal : KafkaAccess.principals()) {
            try (KafkaTestClient client = as(principal)) {
                owner.forEach((topic, writer) -> {
                    if (writer.equals(principal)) {
                        client.sendRaw(topic, "k", "{}");
                    } else {
                        assertThatThrownBy(() -> client.sendRaw(topic, "k", "{}"))
                                .as("%s writing %s", principal, topic)
                                .hasCauseInstanceOf(AuthorizationException.class);
                    }
                });
            }
        }
    }

    @Test
    void triageMayNotWriteReferrals() {
        try (KafkaTestClient triage = as("triage-service")) {
            assertThatThrownBy(() -> triage.sendRaw(Topics.REFERRALS, "k", "{\"nhsNumber\":\"9434765919\"}"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .satisfies(e -> assertThat(e.getCause()).hasMessageContaining(Topics.REFERRALS));
        }
    }

    @Test
    void theIntegratorReadsTopicsWithoutPatientDataButNotReferrals() {
        String key = UUID.randomUUID().toString();
        try (KafkaTestClient triage = as("triage-service")) {
            triage.sendRaw(Topics.ASSESSMENTS, key, "{}");
        }
        try (KafkaConsumer<String, String> integrator = integrator()) {
            integrator.subscribe(List.of(Topics.ASSESSMENTS));
            assertThat(pollUntil(integrator, key)).isTrue();
        }
        try (KafkaConsumer<String, String> integrator = integrator()) {
            integrator.subscribe(List.of(Topics.REFERRALS));
            assertThatThrownBy(() -> pollUntil(integrator, key)).isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(Topics.REFERRALS);
        }
        try (KafkaConsumer<String, String> integrator = integrator()) {
            integrator.subscribe(List.of(Topics.REFERRALS_DLQ));
            assertThatThrownBy(() -> pollUntil(integrator, key)).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaTestClient integrator = as(KafkaAccess.INTEGRATOR)) {
            // It may write nowhere, so its (idempotent) producer is refused even an id: a cluster authorisation error.
            assertThatThrownBy(() -> integrator.sendRaw(Topics.ASSESSMENTS, key, "{}"))
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aServiceMayNotJoinAnotherServicesGroup() {
        Map<String, Object> properties = consumerProperties(KafkaAccess.clientProperties("triage-service", PASSWORDS.get("triage-service")));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "hub-allocation-service");
        try (KafkaConsumer<String, String> triage = new KafkaConsumer<>(properties)) {
            triage.subscribe(List.of(Topics.REFERRALS));
            assertThatThrownBy(() -> pollUntil(triage, "none")).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordOrNoneIsNotLetIn() {
        try (KafkaTestClient impostor = new KafkaTestClient(broker.bootstrapServers(),
                KafkaAccess.clientProperties("referral-service", "not-its-password"))) {
            assertThatThrownBy(() -> impostor.sendRaw(Topics.REFERRALS, "k", "{}"))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static KafkaTestClient as(String principal) {
        return new KafkaTestClient(broker.bootstrapServers(), KafkaAccess.clientProperties(principal, PASSWORDS.get(principal)));
    }

    private static KafkaConsumer<String, String> integrator() {
        Map<String, Object> properties = consumerProperties(
                KafkaAccess.clientProperties(KafkaAccess.INTEGRATOR, PASSWORDS.get(KafkaAccess.INTEGRATOR)));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAccess.INTEGRATOR + "-" + UUID.randomUUID());
        return new KafkaConsumer<>(properties);
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> security) {
        Map<String, Object> properties = new HashMap<>(security);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }

    /** Polls for up to 30 s until a record with the key arrives; an authorisation failure is thrown by poll. */
    private static boolean pollUntil(KafkaConsumer<String, String> consumer, String key) {
        Instant deadline = Instant.now().plusSeconds(30);
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            if (seen.stream().anyMatch(record -> key.equals(record.key()))) {
                return true;
            }
        }
        return false;
    }
}
