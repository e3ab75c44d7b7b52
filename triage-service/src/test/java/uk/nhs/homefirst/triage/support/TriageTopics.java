package uk.nhs.homefirst.triage.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionFactory;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/** The topics around triage-service, as referral-service and integrators see them. */
public final class TriageTopics implements AutoCloseable {

    private final KafkaTestClient kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());

    /** The machine is small and shared: allow for a slow consumer-group join, but poll gently. */
    public static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500));
    }

    public KafkaTestClient kafka() {
        return kafka;
    }

    public String sendReceived(ReferralReceived event) {
        return kafka.sendEvent(Topics.REFERRALS, event.referralId(), ReferralReceived.TYPE, event);
    }

    public String sendCancelled(ReferralCancelled event) {
        return kafka.sendEvent(Topics.REFERRALS, event.referralId(), ReferralCancelled.TYPE, event);
    }

    /** The ReferralTriaged records of a referral on the assessments topic, in partition order. */
    public List<ConsumerRecord<String, String>> triaged(String referralId) {
        return kafka.read(Topics.ASSESSMENTS, r -> referralId.equals(r.key()));
    }

    public List<ConsumerRecord<String, String>> awaitTriaged(String referralId, int count) {
        return eventually().until(() -> triaged(referralId), records -> records.size() >= count);
    }

    public List<ConsumerRecord<String, String>> deadLetters(String key) {
        return kafka.read(Topics.REFERRALS_DLQ, r -> key.equals(r.key()));
    }

    /** Asserts that the record's value conforms to the published ReferralTriaged schema. */
    public static void assertConformsToTheContract(ConsumerRecord<String, String> record) {
        JsonNode value = Json.read(record.value(), JsonNode.class);
        assertThat(TRIAGED_SCHEMA.validate(value)).isEmpty();
    }

    private static final JsonSchema TRIAGED_SCHEMA = schema("/META-INF/resources/schemas/ReferralTriaged.v1.json");

    private static JsonSchema schema(String path) {
        try (InputStream in = TriageTopics.class.getResourceAsStream(path)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Json.MAPPER.readTree(in), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kafka.close();
    }
}
