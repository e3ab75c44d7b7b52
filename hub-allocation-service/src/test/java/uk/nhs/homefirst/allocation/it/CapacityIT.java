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
import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import uk.nhs.homefirst.allocation.allocation.DailyCapacity;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.hub.HubCapacities;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralTriaged;
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

    @Inject
    HubCapacities capacities;

    @Inject
    EntityManager em;

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
    void aReferralMovedAwayAndBackTheSameDayIsOneOfTheHubsNewReferralsThatDay() {
        int homeBefore = usedToday(HOME);
        int overflowBefore = usedToday(OVERFLOW);
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.BED_BASED, ResponseStandard.TWO_DAY, "LE2", anHourAgo(), "ldu-city"));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo(HOME);
        for (String hub : List.of(OVERFLOW, HOME, OVERFLOW)) {
            given().contentType(ContentType.JSON).body("{\"hubId\": \"" + hub + "\"}").put("/api/allocations/" + id)
                    .then().statusCode(200).body("hubId", equalTo(hub));
        }
        assertThat(Fixtures.allocation(id).getList("allocations")).hasSize(4);
        assertThat(usedToday(HOME)).isEqualTo(homeBefore + 1);
        assertThat(usedToday(OVERFLOW)).isEqualTo(overflowBefore + 1);
        assertThat(daysUse(today())).as("kept as the allocations are written").isEqualTo(countedByTheRule(today()));
    }

    @Test
    void aBatchReadsNoMoreRowsForADayOfManyMoreAllocations() {
        LocalDate today = today();
        int before = QuarkusTransaction.requiringNew().call(() -> capacities.on(today, false))
                .used("charnwood-nwl", Pathway.URGENT_CRISIS_RESPONSE);
        Map<String, Long> rowsReadBefore = rowsReadByABatch();

        // 2,000 more of today's allocations, as a catch-up makes them.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                WITH cases AS (
                    INSERT INTO referral_case (referral_id, received_at, decision_number, decided_at, pathway, first_seen_at)
                    SELECT gen_random_uuid(), now(), 1, now(), 'NOT_ACCEPTED', now() FROM generate_series(1, 2000)
                    RETURNING referral_id)
                INSERT INTO allocation (id, referral_id, allocation_number, hub_id, allocated_at, method, pathway,
                                        recorded_at, reason)
                SELECT gen_random_uuid(), referral_id, 1, 'charnwood-nwl', now(), 'POSTCODE_DISTRICT',
                       'URGENT_CRISIS_RESPONSE', now(), 'HOME_HUB' FROM cases""").executeUpdate());
        assertThat(QuarkusTransaction.requiringNew().call(() -> capacities.on(today, false))
                .used("charnwood-nwl", Pathway.URGENT_CRISIS_RESPONSE)).isEqualTo(before + 50 + 2000);

        // Counted from the allocations, the day's use was read from every one of them, for each batch.
        // (referral_case, with 2,000 more cases, is still read whole once a batch: not yet explained.)
        Map<String, Long> rowsReadAfter = rowsReadByABatch();
        for (String table : List.of("allocation", "hub_daily_use")) {
            assertThat(rowsReadAfter.getOrDefault(table, 0L))
                    .as("rows of %s read by a batch of 50 decisions, after %s before %s", table, rowsReadAfter, rowsReadBefore)
                    .isLessThan(rowsReadBefore.getOrDefault(table, 0L) + 50);  // a few more, never the 2,000
        }
        assertThat(daysUse(today)).isEqualTo(countedByTheRule(today));
    }

    /** Applies 50 new referrals' decisions as the consumer applies a batch; the rows its transaction read, by table. */
    private Map<String, Long> rowsReadByABatch() {
        List<ReferralTriaged> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(decision(newReferralId(), 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE11",
                    anHourAgo()));
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            // The session's counts not yet reported (up to a second of earlier transactions) are taken off.
            Map<String, Long> before = rowsRead();
            ReferralCases.Known known = cases.known(batch.stream().map(d -> UUID.fromString(d.referralId())).toList());
            batch.forEach(d -> cases.applyTriage(d, known));
            em.flush();
            Map<String, Long> read = rowsRead();
            read.replaceAll((table, rows) -> rows - before.getOrDefault(table, 0L));
            return read;
        });
    }

    private Map<String, Long> rowsRead() {
        Map<String, Long> read = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT relname, seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables""")
                .getResultList();
        rows.forEach(row -> read.put((String) row[0], ((Number) row[1]).longValue()));
        return read;
    }

    private static LocalDate today() {
        return DailyCapacity.dayOf(Instant.now());
    }

    /** The day's use as HubCapacities reads it, hub and pathway to the number of referrals. */
    private Map<String, Integer> daysUse(LocalDate day) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DailyCapacity capacity = capacities.on(day, false);
            Map<String, Integer> used = new HashMap<>();
            for (String hub : Fixtures.HUBS) {
                for (Pathway pathway : Pathway.values()) {
                    if (capacity.used(hub, pathway) > 0) {
                        used.put(hub + " " + pathway, capacity.used(hub, pathway));
                    }
                }
            }
            return used;
        });
    }

    /** The capacity rule's count: distinct referrals among the day's allocations, by hub and pathway. */
    private Map<String, Integer> countedByTheRule(LocalDate day) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Integer> used = new HashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT hub_id, pathway, count(DISTINCT referral_id) FROM allocation
                     WHERE allocated_at >= ?1 AND allocated_at < ?2 AND pathway <> 'NOT_ACCEPTED' GROUP BY 1, 2""")
                    .setParameter(1, java.sql.Timestamp.from(DailyCapacity.startOf(day)))
                    .setParameter(2, java.sql.Timestamp.from(DailyCapacity.startOf(day.plusDays(1))))
                    .getResultList();
            rows.forEach(row -> used.put(row[0] + " " + row[1], ((Number) row[2]).intValue()));
            return used;
        });
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
