package uk.nhs.homefirst.triage.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSentBack;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.SendBackReason;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * A hub sends a referral back (ReferralSentBack on allocations, as hub-allocation-service announces it): the
 * case goes on its LDU's review queue with the hub and the reason code, in breach order with the others, once
 * per event id, until the next decision; what cannot be applied goes to allocations.dlq.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class HubSendBackIT extends FixturedIT {

    private static final String HUB = "charnwood-nwl";
    /** Sends the hub's ReferralSentBack under this event id, as hub-allocation-service's outbox would. */
    private static void sentBack(String eventId, String referralId, SendBackReason reason, Instant at) {
        topics.kafka().sendEvent(Topics.ALLOCATIONS, referralId, eventId, ReferralSentBack.TYPE, Json.write(
                new ReferralSentBack(referralId, UUID.randomUUID().toString(), HUB, 1, reason, at, "hub-nurse-7",
                        Callers.COUNTY)));
    }

    private static Map<String, Object> review(String referralId) {
        return given().get("/api/triage/" + referralId).then().statusCode(200).extract().jsonPath().getMap("review");
    }

    private static List<Map<String, Object>> queue() {
        return given().queryParam("ldu", Callers.COUNTY).queryParam("size", 200).get("/api/triage/queue")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    private static List<String> queueIds() {
        return queue().stream().map(item -> (String) item.get("referralId")).toList();
    }

    @Test
    void aReferralAHubSentBackIsOnItsLdusQueueWithTheHubAndReasonInBreachOrder() {
        // Reablement (2 days), a crisis (2 hours) and therapy (18 weeks): the crisis breaches first.
        String reablement = triagedReferral(minutesAgo(30), RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        String crisis = triagedReferral(minutesAgo(25), RequestedUrgency.CRISIS, ClinicalNeed.FALLS);
        String therapy = triagedReferral(minutesAgo(28), RequestedUrgency.ROUTINE, ClinicalNeed.THERAPY_NEED);
        assertThat(queueIds()).as("the rules placed all three").doesNotContain(reablement, crisis, therapy);

        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sentBack(UUID.randomUUID().toString(), reablement, SendBackReason.WRONG_PATHWAY, at);
        for (String id : List.of(crisis, therapy)) {
            given().contentType(ContentType.JSON).body(Map.of("reason", "SECOND_OPINION"))
                    .post("/api/triage/" + id + "/send-back").then().statusCode(200);
        }
        eventually().until(() -> review(reablement) != null);

        Map<String, Object> entry = queue().stream().filter(item -> reablement.equals(item.get("referralId")))
                .findFirst().orElseThrow();
        assertThat((List<String>) entry.get("reasons")).containsExactly("HUB_SENT_BACK");
        Map<String, Object> review = (Map<String, Object>) entry.get("review");
        assertThat(review).containsEntry("cause", "HUB_SENT_BACK").containsEntry("reason", "WRONG_PATHWAY")
                .containsEntry("hubId", HUB).containsEntry("requestedBy", "hub-nurse-7")
                .containsEntry("requestedAt", at.toString());
        List<String> order = queueIds().stream().filter(List.of(reablement, crisis, therapy)::contains).toList();
        assertThat(order).as("what breaches first, first").containsExactly(crisis, reablement, therapy);

        // A decision answers it: off the queue.
        given().contentType(ContentType.JSON).body(Map.of("pathway", "PLANNED_THERAPY", "reason", "HUB_WAS_RIGHT"))
                .post("/api/triage/" + reablement + "/decisions").then().statusCode(201);
        assertThat(review(reablement)).isNull();
        assertThat(queueIds()).doesNotContain(reablement);
    }

    @Test
    void theSameEventTwiceIsAppliedOnceAndASendBackOlderThanTheLatestDecisionChangesNothing() {
        String id = triagedReferral(minutesAgo(40), RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        String eventId = UUID.randomUUID().toString();
        sentBack(eventId, id, SendBackReason.NEEDS_MORE_INFORMATION, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        eventually().until(() -> review(id) != null);

        // A clinician sends it back in turn; the hub's event delivered again must not take its place.
        given().contentType(ContentType.JSON).body(Map.of("reason", "SECOND_OPINION"))
                .post("/api/triage/" + id + "/send-back").then().statusCode(200);
        sentBack(eventId, id, SendBackReason.NEEDS_MORE_INFORMATION, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // Behind it on the referral's partition, a record that cannot be read: once it is dead-lettered,
        // the duplicate before it has been read.
        topics.kafka().sendEvent(Topics.ALLOCATIONS, id, UUID.randomUUID().toString(), ReferralSentBack.TYPE, "{}");
        eventually().until(() -> topics.kafka().read(Topics.ALLOCATIONS_DLQ, r -> id.equals(r.key())), r -> !r.isEmpty());
        eventually().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> "SENT_BACK".equals(review(id).get("cause")));

        String other = triagedReferral(minutesAgo(35), RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        given().contentType(ContentType.JSON).body(Map.of("pathway", "END_OF_LIFE", "reason", "CLINICAL_JUDGEMENT"))
                .post("/api/triage/" + other + "/decisions").then().statusCode(201);
        // Sent back before that decision was recorded (it reached triage late): the LDU has acted since.
        sentBack(UUID.randomUUID().toString(), other, SendBackReason.OUTSIDE_AREA, minutesAgo(20));
        topics.kafka().sendEvent(Topics.ALLOCATIONS, other, UUID.randomUUID().toString(), ReferralSentBack.TYPE, "{}");
        eventually().until(() -> topics.kafka().read(Topics.ALLOCATIONS_DLQ, r -> other.equals(r.key())), r -> !r.isEmpty());
        eventually().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> review(other) == null);
        assertThat(queueIds()).doesNotContain(other);
    }

    @Test
    void aSendBackTriageCannotApplyGoesToTheDeadLetterTopicAndTheNextIsApplied() {
        String unknown = UUID.randomUUID().toString();
        sentBack(UUID.randomUUID().toString(), unknown, SendBackReason.OUTSIDE_AREA, Instant.now());
        topics.kafka().sendEvent(Topics.ALLOCATIONS, unknown, UUID.randomUUID().toString(), ReferralSentBack.TYPE,
                "{\"referralId\": \"" + unknown + "\", \"reasonCode\": \"TOO_BUSY\"}");
        String id = triagedReferral(minutesAgo(15), RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        sentBack(UUID.randomUUID().toString(), id, SendBackReason.WRONG_PATHWAY, Instant.now().truncatedTo(ChronoUnit.MILLIS));

        List<ConsumerRecord<String, String>> dead = eventually().until(
                () -> topics.kafka().read(Topics.ALLOCATIONS_DLQ, r -> unknown.equals(r.key())), r -> r.size() >= 2);
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, DeadLetter.REASON))
                .anySatisfy(reason -> assertThat(reason).contains("no case for the referral"))
                .anySatisfy(reason -> assertThat(reason).contains("reasonCode"));
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, DeadLetter.CONSUMER)).containsOnly("triage-service");
        assertThat(dead).extracting(ConsumerRecord::value).containsOnlyNulls();
        eventually().until(() -> review(id) != null);
        assertThat(review(id)).containsEntry("cause", "HUB_SENT_BACK");
    }
}
