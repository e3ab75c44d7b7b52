package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static uk.nhs.homefirst.allocation.it.Fixtures.PATIENCE;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * Hubs with capacity, end to end: admin sets a hub's daily capacity through REST, triaged referrals
 * arrive on the broker, and a full hub's referral goes to the next hub of its overflow order, or,
 * all full, waits on its LDU's unallocated list with the reason. BED_BASED, which no other test
 * allocates, with limits set from the day's use so far; every limit is taken off afterwards.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class CapacityIT extends FixturedIT {

    private static final String HOME = "city-south-east";
    /** The first of city-south-east's overflow order in application.properties. */
    private static final String OVERFLOW = "city-north-west";

    @Inject
    ReferralCases cases;

    @AfterEach
    void unlimited() {
        for (String hub : Fixtures.HUBS) {
            setLimit(hub, "null").then().statusCode(200);
        }
    }

    private static io.restassured.response.Response setLimit(String hub, String limit) {
        return given().contentType(ContentType.JSON).body("{\"dailyLimits\": {\"BED_BASED\": " + limit + "}}")
                .put("/api/hubs/" + hub + "/capacity");
    }

    private static int usedToday(String hub) {
        return given().get("/api/hubs/" + hub + "/caseload").then().statusCode(200).extract().jsonPath()
                .getInt("capacity.pathways.find { it.pathway == 'BED_BASED' }.used");
    }

    @Test
    void aFullHomeHubsReferralGoesToTheNextHubOfItsOverflowOrderWithTheReason() {
        int used = usedToday(HOME);
        // Room for one more today.
        setLimit(HOME, String.valueOf(used + 1)).then().statusCode(200)
                .body("hubId", equalTo(HOME))
                .body("pathways.find { it.pathway == 'BED_BASED' }.dailyLimit", equalTo(used + 1))
                .body("pathways.find { it.pathway == 'BED_BASED' }.full", equalTo(false))
                .body("pathways.find { it.pathway == 'URGENT_CRISIS_RESPONSE' }.dailyLimit", equalTo(null));

        Instant received = anHourAgo();
        String first = newReferralId();
        fixtures.triage(decision(first, 1, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE2", received));
        JsonPath home = awaitAllocated(first);
        assertThat(home.getString("hubId")).isEqualTo(HOME);
        assertThat(home.getString("allocations[0].reason")).isEqualTo("HOME_HUB");
        assertThat(home.getList("allocations[0].fullHubs")).isEmpty();

        String second = newReferralId();
        fixtures.triage(decision(second, 1, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE5", received));
        JsonPath overflow = awaitAllocated(second);
        assertThat(overflow.getString("hubId")).isEqualTo(OVERFLOW);
        assertThat(overflow.getString("allocations[0].reason")).isEqualTo("OVERFLOW");
        assertThat(overflow.getList("allocations[0].fullHubs", String.class)).containsExactly(HOME);
        assertThat(overflow.getString("allocations[0].method")).isEqualTo("POSTCODE_DISTRICT");

        // The event announces the overflow hub.
        fixtures.awaitOutboxSent(second);
        List<ConsumerRecord<String, String>> events = fixtures.records(Topics.ALLOCATIONS, second);
        assertThat(events).hasSize(1);
        ReferralAllocated event = Json.read(events.get(0).value(), ReferralAllocated.class);
        assertThat(event.hubId()).isEqualTo(OVERFLOW);

        // The home hub's caseload shows its day's use at the limit; a re-triage does not count again.
        fixtures.awaitProcessed(fixtures.triage(
                decision(first, 2, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE2", received)));
        given().get("/api/hubs/" + HOME + "/caseload").then().statusCode(200)
                .body("capacity.pathways.find { it.pathway == 'BED_BASED' }.used", equalTo(used + 1))
                .body("capacity.pathways.find { it.pathway == 'BED_BASED' }.full", equalTo(true))
                .body("referrals.referralId", hasItem(first));
        assertThat(usedToday(OVERFLOW)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void twoTransactionsAllocatingAtOnceNeverBothTakeAHubsLastPlace() throws Exception {
        setLimit(HOME, String.valueOf(usedToday(HOME) + 1)).then().statusCode(200);
        Instant received = anHourAgo();
        String first = newReferralId();
        String second = newReferralId();
        CountDownLatch firstApplied = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // The first takes the last place and holds its transaction open while the second decides:
            // counted without the lock on the hubs, the second would see the place still free.
            Future<?> one = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                cases.applyTriage(decision(first, 1, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE2", received));
                firstApplied.countDown();
                sleep(Duration.ofMillis(1000));
            }));
            assertThat(firstApplied.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> two = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> cases.applyTriage(
                    decision(second, 1, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE5", received))));
            one.get(30, TimeUnit.SECONDS);
            two.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Fixtures.allocation(first).getString("hubId")).isEqualTo(HOME);
        JsonPath overflow = Fixtures.allocation(second);
        assertThat(overflow.getString("hubId")).isEqualTo(OVERFLOW);
        assertThat(overflow.getString("allocations[0].reason")).isEqualTo("OVERFLOW");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whenEveryHubIsFullTheReferralWaitsForItsLduWithTheReasonAndAPersonMayStillPlaceIt() {
        for (String hub : Fixtures.HUBS) {
            setLimit(hub, "0").then().statusCode(200);
        }
        String id = newReferralId();
        fixtures.awaitProcessed(fixtures.triage(
                decision(id, 1, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE2", anHourAgo(), "ldu-city")));
        given().get("/api/allocations/" + id).then().statusCode(200).body("status", equalTo("UNALLOCATED"));
        JsonPath waiting = given().queryParam("ldu", "ldu-city").get("/api/allocations/unallocated").then()
                .statusCode(200).extract().jsonPath();
        String entry = "find { it.referralId == '" + id + "' }";
        assertThat(waiting.getString(entry + ".reason")).isEqualTo("ALL_HUBS_FULL");
        assertThat(waiting.getList(entry + ".fullHubs", String.class)).containsExactly(HOME, OVERFLOW,
                "south-leicestershire", "charnwood-nwl", "hinckley-bosworth", "melton-rutland");

        // A person may place it in a full hub: recorded as over capacity.
        given().contentType(ContentType.JSON).body("{\"hubId\": \"" + HOME + "\"}").put("/api/allocations/" + id)
                .then().statusCode(200)
                .body("hubId", equalTo(HOME))
                .body("allocations[0].method", equalTo("MANUAL"))
                .body("allocations[0].reason", equalTo("MANUAL_OVER_CAPACITY"));
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/allocations/unallocated").then()
                .body("referralId", org.hamcrest.Matchers.not(hasItem(id))));
    }

    @Test
    void aCapacityChangeIsJudgedFieldByFieldAndAnUnknownHubIs404() {
        JsonNode problem = Json.read(given().contentType(ContentType.JSON)
                .body("{\"dailyLimits\": {\"NOT_ACCEPTED\": 1, \"BED_BASED\": -1, \"WALKING\": 2}}")
                .put("/api/hubs/" + HOME + "/capacity")
                .then().statusCode(400).contentType("application/problem+json").extract().asString(), JsonNode.class);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "dailyLimits.NOT_ACCEPTED", "dailyLimits.BED_BASED", "dailyLimits.WALKING");
        given().contentType(ContentType.JSON).body("{}").put("/api/hubs/" + HOME + "/capacity")
                .then().statusCode(400).body("errors.field", equalTo(List.of("dailyLimits")));
        setLimit("nottingham", "1").then().statusCode(404).contentType("application/problem+json");
        // Nothing was changed by the refusals.
        given().get("/api/hubs/" + HOME + "/caseload").then()
                .body("capacity.pathways.find { it.pathway == 'BED_BASED' }.dailyLimit", equalTo(null));

        // A change is audited as admin's other changes are.
        setLimit(HOME, "7").then().statusCode(200)
                .body("pathways.find { it.pathway == 'BED_BASED' }.dailyLimit", equalTo(7));
        List<String> actions = given().queryParam("subject", "test-admin").queryParam("size", "20").get("/api/audit")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.target == 'hub=" + HOME + "' }.action",
                        String.class);
        assertThat(actions).contains("hub.capacity.update");
    }
}
