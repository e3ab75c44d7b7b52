package uk.nhs.homefirst.referral.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.uniqueToken;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.with;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.support.Concurrently;
import uk.nhs.homefirst.referral.support.Database;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.referral.support.TestClock;

/**
 * The Idempotency-Key header (IETF httpapi draft), and the same referral from the same source system,
 * against a real PostgreSQL and a real broker: GP systems retry on timeouts, and must never make two
 * referrals of one.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class IdempotencyIT {

    private static final String REFERRALS = "/api/referrals";
    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @AfterEach
    void restartTheClock() {
        clock.reset();
    }

    private Database db() {
        return new Database(dataSource);
    }

    private static Response post(String key, String body) {
        var request = given().contentType("application/json").body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(REFERRALS);
    }

    private static String reasonToken(ObjectNode referral) {
        String text = referral.path("reason").path("text").asText();
        return text.substring(text.indexOf('(') + 1, text.indexOf(')'));
    }

    private static List<ConsumerRecord<String, String>> awaitOnTopic(String referralId, int count) {
        return eventually().until(() -> Referrals.onTopic(kafka, referralId), records -> records.size() >= count);
    }

    @Test
    void aBatchWhoseTokenExpiresMidwayGets401ForTheRestAndItsRetryWithAFreshTokenMakesEachReferralOnce() {
        List<String> keys = List.of(key(), key(), key(), key(), key(), key());
        List<String> bodies = keys.stream().map(k -> write(valid())).toList();
        String expired = TestTokens.Spec.of("referrer").ods(Referrals.ODS)
                .expiresAt(java.time.Instant.now().minus(Duration.ofMinutes(10))).token();
        String fresh = TestTokens.referrer(Referrals.ODS);

        // The referrer's system sends six; its token expires after the third.
        List<String> firstIds = new java.util.ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Response response = given().auth().oauth2(i < 3 ? fresh : expired).header("Idempotency-Key", keys.get(i))
                    .contentType("application/json").body(bodies.get(i)).post(REFERRALS);
            if (i < 3) {
                assertThat(response.statusCode()).isEqualTo(201);
                firstIds.add(response.path("id"));
            } else {
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }

        // It gets a new token and sends the whole batch again, with the same keys.
        List<String> retriedIds = new java.util.ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Response retry = given().auth().oauth2(TestTokens.referrer(Referrals.ODS)).header("Idempotency-Key", keys.get(i))
                    .contentType("application/json").body(bodies.get(i)).post(REFERRALS);
            assertThat(retry.statusCode()).as(retry.asString()).isEqualTo(201);
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo(i < 3 ? "true" : null);
            retriedIds.add(retry.path("id"));
        }
        assertThat(retriedIds.subList(0, 3)).isEqualTo(firstIds);
        assertThat(retriedIds).doesNotHaveDuplicates();
        List<ConsumerRecord<String, String>> announced = eventually().until(
                () -> kafka.read(uk.nhs.homefirst.events.Topics.REFERRALS, r -> retriedIds.contains(r.key())),
                found -> found.size() >= keys.size());
        assertThat(announced).hasSize(keys.size());
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void theSameKeyAndPayloadGetsTheFirstResponseAgainAndMakesNoSecondReferral() {
        String key = UUID.randomUUID().toString();
        ObjectNode referral = valid();
        String body = write(referral);

        Response first = post(key, body).then().statusCode(201).extract().response();
        Response again = post(key, body).then().statusCode(201).extract().response();
        // The draft's form of the key, a Structured Field string, is the same key.
        Response quoted = post("\"" + key + "\"", body).then().statusCode(201).extract().response();

        assertThat(first.header("Idempotent-Replayed")).isNull();
        for (Response replay : List.of(again, quoted)) {
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
            assertThat(replay.contentType()).startsWith("application/json");
            assertThat(replay.asString()).isEqualTo(first.asString());
        }
        String id = first.jsonPath().getString("id");
        assertThat(db().referralsWithReason(reasonToken(referral))).isEqualTo(1);
        assertThat(db().outboxRows(id)).isEqualTo(1);
        assertThat(awaitOnTopic(id, 1)).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherPayloadIs422AndChangesNothing() {
        String key = UUID.randomUUID().toString();
        ObjectNode first = valid();
        ObjectNode other = valid();
        post(key, write(first)).then().statusCode(201);

        JsonNode problem = Json.read(post(key, write(other)).then().statusCode(422)
                .contentType("application/problem+json").extract().asString(), JsonNode.class);

        assertThat(problem.path("type").asText()).isEqualTo("urn:uk-nhs-homefirst:problem:idempotency-key-reused");
        assertThat(db().referralsWithReason(reasonToken(other))).isZero();
        assertThat(db().referralsWithReason(reasonToken(first))).isEqualTo(1);
    }

    @Test
    void twentyRetriesAtOnceMakeOneReferralAndOneEvent() throws Exception {
        String key = UUID.randomUUID().toString();
        ObjectNode referral = valid();
        List<HttpResponse<String>> responses = Concurrently.run(20, () -> request(key, write(referral)));

        Set<Integer> statuses = responses.stream().map(HttpResponse::statusCode).collect(Collectors.toSet());
        assertThat(statuses).as("each got the response or was told its twin is in flight").isSubsetOf(201, 409);
        List<HttpResponse<String>> created = responses.stream().filter(r -> r.statusCode() == 201).toList();
        assertThat(created).isNotEmpty();
        assertThat(created.stream().filter(r -> r.headers().firstValue("Idempotent-Replayed").isEmpty()))
                .as("exactly one request made the referral").hasSize(1);
        Set<String> ids = created.stream().map(r -> Json.read(r.body(), JsonNode.class).path("id").asText())
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        responses.stream().filter(r -> r.statusCode() == 409).forEach(r -> {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(Json.read(r.body(), JsonNode.class).path("type").asText())
                    .isEqualTo("urn:uk-nhs-homefirst:problem:request-in-progress");
        });
        String id = ids.iterator().next();
        assertThat(db().referralsWithReason(reasonToken(referral))).isEqualTo(1);
        assertThat(db().outboxRows(id)).isEqualTo(1);
        assertThat(awaitOnTopic(id, 1)).hasSize(1);
        // Once the first has answered, every retry gets its response.
        Response late = post(key, write(referral)).then().statusCode(201).extract().response();
        assertThat(late.jsonPath().getString("id")).isEqualTo(id);
        assertThat(late.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aTwinWhoseFirstIsStillInFlightGets409AndTheResponseOnceItIsDone() throws Exception {
        String key = UUID.randomUUID().toString();
        String sourceReferralId = "REF-" + uniqueToken();
        ObjectNode referral = with(with(valid(), "sourceSystem", "EMIS-WEB"), "sourceReferralId", sourceReferralId);
        CompletableFuture<Response> first;
        // Hold the source reference: an uncommitted insert of another referral under it, which the
        // intake's INSERT ... ON CONFLICT waits for, so that the first request stays in flight.
        try (Connection connection = db().connection()) {
            connection.setAutoCommit(false);
            holdSourceReference(connection, UUID.randomUUID(), "EMIS-WEB", sourceReferralId);
            try {
                first = CompletableFuture.supplyAsync(() -> post(key, write(referral)));
                eventually().until(() -> db().count("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ? "
                        + "AND state = 'IN_FLIGHT'", key) == 1);

                JsonNode problem = Json.read(post(key, write(referral)).then().statusCode(409)
                        .contentType("application/problem+json").extract().asString(), JsonNode.class);
                assertThat(problem.path("type").asText()).isEqualTo("urn:uk-nhs-homefirst:problem:request-in-progress");
                assertThat(first).isNotDone();
            } finally {
                // The other insert never happened: the first request's own insert goes ahead.
                connection.rollback();
            }
        }
        Response done = first.get();
        assertThat(done.statusCode()).isEqualTo(201);
        Response replay = post(key, write(referral)).then().statusCode(201).extract().response();
        assertThat(replay.asString()).isEqualTo(done.asString());
    }

    @Test
    void aRefusedRequestLeavesItsKeyFreeForTheCorrectedOne() {
        String key = UUID.randomUUID().toString();
        String sourceReferralId = "REF-" + uniqueToken();
        ObjectNode original = with(with(valid(), "sourceSystem", "SYSTMONE"), "sourceReferralId", sourceReferralId);
        post(null, write(original)).then().statusCode(201);
        // Another referral under the same source reference is refused; the key keeps no response for it.
        ObjectNode clash = with(with(valid(), "sourceSystem", "SYSTMONE"), "sourceReferralId", sourceReferralId);
        post(key, write(clash)).then().statusCode(409).contentType("application/problem+json");

        ObjectNode corrected = with(clash, "sourceReferralId", sourceReferralId + "-2");
        post(key, write(corrected)).then().statusCode(201);
    }

    @Test
    void keysAreKeptForTheRetentionAndThenDeletedOnASchedule() {
        String key = UUID.randomUUID().toString();
        ObjectNode first = valid();
        post(key, write(first)).then().statusCode(201);
        assertThat(db().count("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ? "
                + "AND expires_at - created_at = interval '24 hours'", key)).isEqualTo(1);

        clock.moveAhead(Duration.ofHours(23).plusMinutes(59));
        post(key, write(valid())).then().statusCode(422);

        clock.moveAhead(Duration.ofHours(24).plusMinutes(1));
        eventually().until(() -> db().count("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?", key) == 0);
        ObjectNode next = valid();
        post(key, write(next)).then().statusCode(201);
        assertThat(db().referralsWithReason(reasonToken(next))).isEqualTo(1);
    }

    @Test
    void theSameReferralFromTheSameSystemIsTheReferralStoredFirst() {
        String sourceReferralId = "REF-" + uniqueToken();
        ObjectNode referral = with(with(valid(), "sourceSystem", "EMIS-WEB"), "sourceReferralId", sourceReferralId);

        Response created = post(null, write(referral)).then().statusCode(201).extract().response();
        // The same referral typed differently (spaces, case) is the same referral.
        ObjectNode retyped = with(with(referral, "patient.nhsNumber", "9434765919"), "patient.postcode", "le113tu");
        Response again = post(null, write(retyped)).then().statusCode(200).extract().response();

        String id = created.jsonPath().getString("id");
        assertThat(again.jsonPath().getString("id")).isEqualTo(id);
        assertThat(again.header("Location")).isEqualTo(created.header("Location"));
        assertThat(db().referralsWithReason(reasonToken(referral))).isEqualTo(1);
        assertThat(db().outboxRows(id)).isEqualTo(1);

        ObjectNode different = with(referral, "requestedUrgency", "ROUTINE");
        JsonNode problem = Json.read(post(null, write(different)).then().statusCode(409)
                .contentType("application/problem+json").extract().asString(), JsonNode.class);
        assertThat(problem.path("type").asText()).isEqualTo("urn:uk-nhs-homefirst:problem:source-referral-id-in-use");
        assertThat(db().outboxRows(id)).isEqualTo(1);
    }

    @Test
    void twentyCopiesOfOneSourceReferralAtOnceMakeOneReferralAndNo5xx() throws Exception {
        String sourceReferralId = "REF-" + uniqueToken();
        ObjectNode referral = with(with(valid(), "sourceSystem", "EMIS-WEB"), "sourceReferralId", sourceReferralId);

        List<HttpResponse<String>> responses = Concurrently.run(20, () -> request(null, write(referral)));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 201);
        assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
        Set<String> ids = responses.stream().map(r -> Json.read(r.body(), JsonNode.class).path("id").asText())
                .collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        String id = ids.iterator().next();
        assertThat(db().outboxRows(id)).isEqualTo(1);
        List<ConsumerRecord<String, String>> records = awaitOnTopic(id, 1);
        assertThat(records).hasSize(1);
        assertThat(KafkaTestClient.header(records.get(0), CloudEventHeaders.SUBJECT)).isEqualTo(id);
    }

    @Test
    void aReferralCommittedUnderTheSameSourceReferenceWhileTheIntakeWaitsIsTheOneItAnswers() throws Exception {
        // Another transaction inserts a referral under the source reference and has not committed when
        // the intake's insert arrives: the insert waits for it, and once it commits inserts nothing, so
        // the request is answered with that referral, announces nothing, and does not fail on the
        // unique index (as an insert that merely checked beforehand would).
        String sourceReferralId = "REF-" + uniqueToken();
        ObjectNode referral = with(with(valid(), "sourceSystem", "EMIS-WEB"), "sourceReferralId", sourceReferralId);
        UUID earlier = UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> answer;
        try (Connection connection = db().connection()) {
            connection.setAutoCommit(false);
            try {
                holdSourceReference(connection, earlier, "EMIS-WEB", sourceReferralId);
                answer = CompletableFuture.supplyAsync(() -> request(null, write(referral)));
                eventually().until(() -> db().count("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'
                           AND query ILIKE 'insert into referral %'
                        """) == 1);
                assertThat(answer).isNotDone();
                connection.commit();
            } finally {
                connection.rollback(); // frees the reference if the test failed before the commit; else a no-op
            }
        }

        HttpResponse<String> done = answer.get();
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(Json.read(done.body(), JsonNode.class).path("id").asText()).isEqualTo(earlier.toString());
        assertThat(done.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith(REFERRALS + "/" + earlier));
        assertThat(db().referralsWithReason(reasonToken(referral))).isZero();
        assertThat(db().count("SELECT count(*) FROM referral WHERE source_system = 'EMIS-WEB' AND source_referral_id = ?",
                sourceReferralId)).isEqualTo(1);
        assertThat(db().count("SELECT count(*) FROM outbox_event WHERE strpos(data, ?) > 0", sourceReferralId)).isZero();
    }

    /**
     * Inserts a referral under a source reference on the test's own connection, without committing:
     * until that connection commits or rolls back, the intake's insert under the same reference waits.
     * Its content fingerprint is null, as for a referral stored before fingerprints were kept: the
     * same referral whatever the content.
     */
    private static void holdSourceReference(Connection connection, UUID id, String sourceSystem, String sourceReferralId)
            throws java.sql.SQLException {
        try (PreparedStatement hold = connection.prepareStatement("""
                INSERT INTO referral (id, received_at, recorded_at, source, source_system, source_referral_id,
                    requested_urgency, clinical_needs, reason_text, nhs_number, given_name, family_name,
                    date_of_birth, postcode, postcode_district, gp_practice_ods_code, referrer_ods_code,
                    referrer_role, referrer_name, status)
                VALUES (?, now(), now(), 'GP', ?, ?, 'CRISIS', '{FALLS}', 'held', '9990000018',
                    'Held', 'Held', DATE '1950-01-01', 'LE11 3TU', 'LE11', 'C82001', 'C82001', 'GP', 'Dr Held',
                    'RECEIVED')
                """)) {
            hold.setObject(1, id);
            hold.setString(2, sourceSystem);
            hold.setString(3, sourceReferralId);
            hold.execute();
        }
    }

    private static HttpResponse<String> request(String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + REFERRALS))
                .header("Content-Type", "application/json")
                .header("Authorization", Referrals.bearer())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

}
