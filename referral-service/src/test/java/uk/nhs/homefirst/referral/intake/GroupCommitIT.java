package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.uniqueToken;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.with;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.referral.support.Concurrently;
import uk.nhs.homefirst.referral.support.Database;

/**
 * The intake's group commit against a real PostgreSQL and broker: referrals that arrive together
 * share a transaction, and each is answered as if it had been alone.
 *
 * <p>To know which referrals share a batch, a test holds the intake's two writers: a connection of
 * its own inserts a referral under a source reference without committing, and two requests under
 * held references make each writer wait in its insert. What is posted meanwhile waits in the queue
 * ({@code homefirst.intake.waiting}) and is written together once the test lets go.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class GroupCommitIT {

    private static final String REFERRALS = "/api/referrals";
    private static final int WRITERS = 2;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();
    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
        CLIENTS.shutdownNow();
    }

    @Test
    void referralsPostedAtOnceAreEachStoredAndAnnouncedExactlyOnce() throws Exception {
        List<ObjectNode> referrals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            referrals.add(valid());
        }
        AtomicInteger next = new AtomicInteger();
        List<HttpResponse<String>> responses = Concurrently.run(referrals.size(),
                () -> post(write(referrals.get(next.getAndIncrement()))));

        assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(201);
        Set<String> ids = responses.stream().map(GroupCommitIT::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(referrals.size());
        for (ObjectNode referral : referrals) {
            assertThat(db().referralsWithReason(reasonToken(referral))).isEqualTo(1);
        }
        for (String id : ids) {
            assertThat(db().outboxRows(id)).isEqualTo(1);
        }
        List<ConsumerRecord<String, String>> announced = eventually().until(
                () -> kafka.read(Topics.REFERRALS, r -> ids.contains(r.key())), records -> records.size() >= ids.size());
        assertThat(announced).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(announced.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)).distinct())
                .as("one event id per referral").hasSize(ids.size());
    }

    @Test
    void referralsWaitingTogetherShareOneTransactionAndAreAnsweredOnlyOnceItCommitted() throws Exception {
        double batchesBefore = counter("homefirst.intake.batches");
        double itemsBefore = counter("homefirst.intake.batched.referrals");
        List<ObjectNode> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(valid());
        }
        List<CompletableFuture<HttpResponse<String>>> answers;
        Held held = holdTheWriters();
        try (held) {
            answers = waiting.stream().map(referral -> postLater(write(referral))).toList();
            awaitWaiting(waiting.size());
            // Nothing is answered, nor visible to another transaction, before the commit.
            assertThat(answers).noneMatch(CompletableFuture::isDone);
            assertThat(db().referralsWithReason(reasonToken(waiting.get(0)))).isZero();
        }

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
        }
        // The other writer's held referral may still be finishing when the twenty are answered: its
        // answer too, before the counters are read.
        assertThat(held.answers()).extracting(HttpResponse::statusCode).containsOnly(201);
        // The two held requests, then the twenty in one or two transactions (whichever writer took them).
        assertThat(counter("homefirst.intake.batched.referrals") - itemsBefore).isEqualTo(waiting.size() + WRITERS);
        assertThat(counter("homefirst.intake.batches") - batchesBefore).isBetween(3.0, 4.0);
        for (ObjectNode referral : waiting) {
            assertThat(db().referralsWithReason(reasonToken(referral))).isEqualTo(1);
        }
    }

    @Test
    void theSameSourceReferenceTwiceInOneBatchAndAcrossBatchesIsOneReferral() throws Exception {
        // Stored before, in a batch of its own.
        ObjectNode earlier = withSourceReference(valid(), "REF-" + uniqueToken());
        String earlierId = id(post(write(earlier)));

        ObjectNode twice = withSourceReference(valid(), "REF-" + uniqueToken());
        // The same referral typed differently: the same content.
        ObjectNode twiceRetyped = with(with(twice, "patient.nhsNumber", "9434765919"), "patient.postcode", "le113tu");
        ObjectNode clash = withSourceReference(valid(), "REF-" + uniqueToken());
        ObjectNode clashOther = with(clash, "requestedUrgency", "ROUTINE");
        ObjectNode again = with(earlier, "patient.nhsNumber", "9434765919");
        ObjectNode plain = valid();

        Map<String, CompletableFuture<HttpResponse<String>>> answers = new java.util.LinkedHashMap<>();
        try (Held held = holdTheWriters()) {
            answers.put("twice", postLater(write(twice)));
            answers.put("twiceRetyped", postLater(write(twiceRetyped)));
            answers.put("clash", postLater(write(clash)));
            answers.put("clashOther", postLater(write(clashOther)));
            answers.put("again", postLater(write(again)));
            answers.put("plain", postLater(write(plain)));
            awaitWaiting(answers.size());
        }

        // One of the two copies made the referral, the other is answered with it.
        HttpResponse<String> first = answers.get("twice").get();
        HttpResponse<String> second = answers.get("twiceRetyped").get();
        assertThat(List.of(first.statusCode(), second.statusCode())).containsExactlyInAnyOrder(201, 200);
        assertThat(id(first)).isEqualTo(id(second));
        assertThat(db().outboxRows(id(first))).isEqualTo(1);

        // Two different referrals under one reference: the first stands, the other is refused.
        HttpResponse<String> clashOne = answers.get("clash").get();
        HttpResponse<String> clashTwo = answers.get("clashOther").get();
        assertThat(List.of(clashOne.statusCode(), clashTwo.statusCode())).containsExactlyInAnyOrder(201, 409);
        HttpResponse<String> refused = clashOne.statusCode() == 409 ? clashOne : clashTwo;
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Json.read(refused.body(), JsonNode.class).path("type").asText())
                .isEqualTo("urn:uk-nhs-homefirst:problem:source-referral-id-in-use");
        assertThat(db().count("SELECT count(*) FROM referral WHERE source_referral_id = ?",
                clash.path("sourceReferralId").asText())).isEqualTo(1);

        // Sent again after an earlier batch stored it: that referral, with its status.
        HttpResponse<String> repeated = answers.get("again").get();
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(id(repeated)).isEqualTo(earlierId);
        assertThat(Json.read(repeated.body(), JsonNode.class).path("status").asText()).isEqualTo("RECEIVED");
        assertThat(db().outboxRows(earlierId)).isEqualTo(1);

        assertThat(answers.get("plain").get().statusCode()).isEqualTo(201);
    }

    @Test
    void aReferralTheDatabaseRefusesIsRefusedAloneAndTheOthersOfItsBatchAreStored() throws Exception {
        // A rule only the database knows, as a constraint it might add that validation missed.
        String refusedName = "Refused" + UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "x");
        db().execute("ALTER TABLE referral ADD CONSTRAINT test_refuses_one_name CHECK (given_name <> '" + refusedName + "')");
        try {
            List<ObjectNode> good = List.of(valid(), valid(), valid(), valid());
            ObjectNode bad = with(valid(), "patient.givenName", refusedName);
            List<CompletableFuture<HttpResponse<String>>> goodAnswers;
            CompletableFuture<HttpResponse<String>> badAnswer;
            try (Held held = holdTheWriters()) {
                goodAnswers = new ArrayList<>();
                goodAnswers.add(postLater(write(good.get(0))));
                goodAnswers.add(postLater(write(good.get(1))));
                badAnswer = postLater(write(bad));
                goodAnswers.add(postLater(write(good.get(2))));
                goodAnswers.add(postLater(write(good.get(3))));
                awaitWaiting(good.size() + 1);
            }

            for (CompletableFuture<HttpResponse<String>> answer : goodAnswers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
                assertThat(db().outboxRows(id(answer.get()))).isEqualTo(1);
            }
            for (ObjectNode referral : good) {
                assertThat(db().referralsWithReason(reasonToken(referral))).isEqualTo(1);
            }
            HttpResponse<String> refused = badAnswer.get();
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).doesNotContain(refusedName);
            assertThat(db().referralsWithReason(reasonToken(bad))).isZero();
            assertThat(db().count("SELECT count(*) FROM outbox_event WHERE strpos(data, ?) > 0", refusedName)).isZero();
        } finally {
            db().execute("ALTER TABLE referral DROP CONSTRAINT test_refuses_one_name");
        }
    }

    @Test
    void theWriterSurvivesTheDatabaseDroppingItsConnections() throws Exception {
        ObjectNode lost = valid();
        CompletableFuture<HttpResponse<String>> lostAnswer;
        List<ObjectNode> queued = List.of(valid(), valid(), valid());
        List<CompletableFuture<HttpResponse<String>>> queuedAnswers;
        Held held = holdTheWriters();
        try {
            // Referrals in flight when the database goes: the held ones, and one more behind them.
            lostAnswer = postLater(write(lost));
            queuedAnswers = queued.stream().map(referral -> postLater(write(referral))).toList();
            awaitWaiting(queued.size() + 1);
            // The server ends the writers' sessions, as a restart or a failover would.
            assertThat(db().count("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'
                       AND query ILIKE 'insert into referral %'
                    """)).isEqualTo(WRITERS);
        } finally {
            held.close();
        }

        // The held requests were in transactions the database ended: a 503 to retry, nothing stored.
        for (HttpResponse<String> answer : held.answers()) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(Json.read(answer.body(), JsonNode.class).path("type").asText())
                    .isEqualTo("urn:uk-nhs-homefirst:problem:service-unavailable");
        }
        for (String token : held.reasonTokens()) {
            assertThat(db().referralsWithReason(token)).isZero();
        }
        // Those queued behind them were written on connections of their own: each stored and
        // announced with a 201, or refused with a 503 and nothing stored.
        List<ObjectNode> all = new ArrayList<>(queued);
        all.add(0, lost);
        List<CompletableFuture<HttpResponse<String>>> allAnswers = new ArrayList<>(queuedAnswers);
        allAnswers.add(0, lostAnswer);
        for (int i = 0; i < all.size(); i++) {
            HttpResponse<String> answer = allAnswers.get(i).get();
            assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
            long stored = db().referralsWithReason(reasonToken(all.get(i)));
            assertThat(stored).isEqualTo(answer.statusCode() == 201 ? 1 : 0);
            if (answer.statusCode() == 201) {
                assertThat(db().outboxRows(id(answer))).isEqualTo(1);
            }
        }
        // And the writer carries on. (Under a source reference, so that a retry cannot make a second referral.)
        ObjectNode after = withSourceReference(valid(), "REF-" + uniqueToken());
        HttpResponse<String> stored = eventually().until(() -> post(write(after)),
                r -> r.statusCode() == 201 || r.statusCode() == 200);
        assertThat(db().referralsWithReason(reasonToken(after))).isEqualTo(1);
        String afterId = id(stored);
        assertThat(db().outboxRows(afterId)).isEqualTo(1);
        eventually().until(() -> kafka.read(Topics.REFERRALS, r -> afterId.equals(r.key())), records -> records.size() == 1);
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Both writers waiting in an insert, each under a source reference this test's own transaction
     * holds; closing lets them go (the held inserts never happened, so theirs go ahead).
     */
    private Held holdTheWriters() throws SQLException {
        Connection connection = db().connection();
        connection.setAutoCommit(false);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        try {
            for (int i = 0; i < WRITERS; i++) {
                String reference = "HELD-" + uniqueToken();
                hold(connection, reference);
                ObjectNode referral = withSourceReference(valid(), reference);
                tokens.add(reasonToken(referral));
                answers.add(postLater(write(referral)));
                int waitingInserts = i + 1;
                eventually().until(() -> db().count("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'
                           AND query ILIKE 'insert into referral %'
                        """) == waitingInserts);
            }
        } catch (RuntimeException | SQLException e) {
            connection.rollback();
            connection.close();
            throw e;
        }
        return new Held(connection, answers, tokens);
    }

    private record Held(Connection connection, List<CompletableFuture<HttpResponse<String>>> pending,
            List<String> reasonTokens) implements AutoCloseable {

        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
        }

        List<HttpResponse<String>> answers() {
            return pending.stream().map(CompletableFuture::join).toList();
        }
    }

    private static void hold(Connection connection, String sourceReferralId) throws SQLException {
        try (PreparedStatement hold = connection.prepareStatement("""
                INSERT INTO referral (id, received_at, recorded_at, source, source_system, source_referral_id,
                    requested_urgency, clinical_needs, reason_text, nhs_number, given_name, family_name,
                    date_of_birth, postcode, postcode_district, gp_practice_ods_code, referrer_ods_code,
                    referrer_role, referrer_name, status)
                VALUES (?, now(), now(), 'GP', 'GROUP-COMMIT-IT', ?, 'CRISIS', '{FALLS}', 'held', '9990000018',
                    'Held', 'Held', DATE '1950-01-01', 'LE11 3TU', 'LE11', 'C82001', 'C82001', 'GP', 'Dr Held',
                    'RECEIVED')
                """)) {
            hold.setObject(1, UUID.randomUUID());
            hold.setString(2, sourceReferralId);
            hold.execute();
        }
    }

    private void awaitWaiting(int n) {
        eventually().until(() -> meters.get("homefirst.intake.waiting").gauge().value() == n);
    }

    private double counter(String name) {
        return meters.get(name).functionCounter().count();
    }

    private Database db() {
        return new Database(dataSource);
    }

    private static ObjectNode withSourceReference(ObjectNode referral, String sourceReferralId) {
        return with(with(referral, "sourceSystem", "GROUP-COMMIT-IT"), "sourceReferralId", sourceReferralId);
    }

    private static String reasonToken(ObjectNode referral) {
        String text = referral.path("reason").path("text").asText();
        return text.substring(text.indexOf('(') + 1, text.indexOf(')'));
    }

    private static String id(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class).path("id").asText();
    }

    /** Posts on a thread of its own: the requests of a test wait together for the writers. */
    private static CompletableFuture<HttpResponse<String>> postLater(String body) {
        return CompletableFuture.supplyAsync(() -> post(body), CLIENTS);
    }

    private static HttpResponse<String> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + REFERRALS))
                .header("Content-Type", "application/json")
                .header("Authorization", Referrals.bearer())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
