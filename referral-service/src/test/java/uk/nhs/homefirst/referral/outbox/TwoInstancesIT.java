package uk.nhs.homefirst.referral.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * Two referral-service instances on one database, each relaying the outbox: the built jar runs as a
 * second process next to the application under test. A burst of referrals, and cancellations sent to
 * the instance that did not take the referral, reach the topic with no event twice and each
 * referral's events in order.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class TwoInstancesIT {

    private static final Pattern PUBLISHED = Pattern.compile("(?m)^homefirst_outbox_published_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$");
    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void twoInstancesNeverBothSendARow() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Config config = ConfigProvider.getConfig();
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", config.getValue("quarkus.datasource.jdbc.url", String.class),
                "QUARKUS_DATASOURCE_USERNAME", config.getValue("quarkus.datasource.username", String.class),
                "QUARKUS_DATASOURCE_PASSWORD", config.getValue("quarkus.datasource.password", String.class),
                "KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafkaBootstrapServers(),
                "QUARKUS_OIDC_AUTH_SERVER_URL", config.getValue("quarkus.oidc.auth-server-url", String.class));
        try (ServiceProcess second = ServiceProcess.of(root, "referral-service", environment,
                root.resolve("referral-service/target/service-logs")).start(Duration.ofMinutes(3))) {
            String first = RestAssured.baseURI + ":" + RestAssured.port;
            List<String> instances = List.of(first, second.baseUrl());

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String[]>> burst = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    int n = i;
                    burst.add(pool.submit(() -> {
                        String referrer = instances.get(n % 2);
                        String id = given().baseUri(referrer).contentType("application/json").body(write(valid()))
                                .when().post("/api/referrals").then().statusCode(201).extract().path("id");
                        if (n % 3 == 0) {
                            // Cancelled at once through the other instance: its relay may hold the referral's row.
                            given().baseUri(instances.get((n + 1) % 2)).contentType("application/json")
                                    .body("{\"reason\": \"RAISED_IN_ERROR\"}")
                                    .when().post("/api/referrals/" + id + "/cancellation").then().statusCode(200);
                            return new String[] { id, "cancelled" };
                        }
                        return new String[] { id, "received" };
                    }));
                }
                List<String> referrals = new ArrayList<>();
                List<String> cancelled = new ArrayList<>();
                for (Future<String[]> result : burst) {
                    String[] outcome = result.get();
                    referrals.add(outcome[0]);
                    if (outcome[1].equals("cancelled")) {
                        cancelled.add(outcome[0]);
                    }
                }

                List<ConsumerRecord<String, String>> records = eventually().until(
                        () -> kafka.read(Topics.REFERRALS, r -> referrals.contains(r.key())),
                        found -> found.size() >= referrals.size() + cancelled.size());

                assertThat(records).hasSize(referrals.size() + cancelled.size());
                assertThat(records.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)))
                        .doesNotHaveDuplicates();
                Map<String, List<String>> types = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                        Collectors.mapping(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE), Collectors.toList())));
                for (String id : referrals) {
                    assertThat(types.get(id)).as(id).containsExactlyElementsOf(cancelled.contains(id)
                            ? List.of(ReferralReceived.TYPE, ReferralCancelled.TYPE) : List.of(ReferralReceived.TYPE));
                }
                assertThat(published(second.baseUrl())).as("the second instance relayed rows too").isPositive();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static double published(String instance) {
        String metrics = given().baseUri(instance).when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = PUBLISHED.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
