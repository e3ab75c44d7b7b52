package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Sql;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.access.TestTokens;

/** What the hub allocation tests share: triage decisions, and ways to know an event has been handled. */
public final class Fixtures {

    public static final Duration PATIENCE = Duration.ofSeconds(30);
    public static final List<String> HUBS = List.of("city-north-west", "city-south-east", "charnwood-nwl",
            "hinckley-bosworth", "melton-rutland", "south-leicestershire");

    private final KafkaTestClient kafka;
    private final AgroalDataSource database;

    public Fixtures(KafkaTestClient kafka, AgroalDataSource database) {
        this.kafka = kafka;
        this.database = database;
    }

    /**
     * Every request of REST Assured, unless it says otherwise, carries an admin's token: admin reads
     * and changes everything here but visits, so what these tests check is not who may call
     * (AccessTableIT and HubScopeIT do).
     */
    public static void actAsAdmin() {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.of("admin"));
    }

    /** A request as staff of these hubs, who record visits. */
    public static RequestSpecification asStaffOf(String... hubs) {
        return given().auth().oauth2(TestTokens.hubStaff(hubs));
    }

    /** A request as a clinician of this LDU. */
    public static RequestSpecification asClinicianOf(String ldu) {
        return given().auth().oauth2(TestTokens.lduClinician(ldu));
    }

    public static String newReferralId() {
        return UUID.randomUUID().toString();
    }

    public static Instant anHourAgo() {
        return Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    }

    public static ReferralTriaged decision(String referralId, int number, Pathway pathway, ResponseStandard standard,
            String district, Instant receivedAt) {
        return decision(referralId, number, pathway, standard, district, receivedAt, null);
    }

    /** A decision that routes the referral to an LDU, as triage-service's do. */
    public static ReferralTriaged decision(String referralId, int number, Pathway pathway, ResponseStandard standard,
            String district, Instant receivedAt, String ldu) {
        return new ReferralTriaged(referralId, UUID.randomUUID().toString(), number,
                receivedAt.plus(Duration.ofMinutes(5L * number)), receivedAt, pathway, standard,
                number == 1 ? "rules" : "LDU-0042", "RULE_" + pathway.name(), ReferralSource.GP,
                RequestedUrgency.CRISIS, district, "C82001", ldu);
    }

    /** A new referral as referral-service announces it, with a fake patient from the 999 test range. */
    static ReferralReceived received(String referralId, Instant receivedAt) {
        return new ReferralReceived(referralId, receivedAt, receivedAt, null, ReferralSource.GP, null, null,
                RequestedUrgency.CRISIS, List.of(ClinicalNeed.FALLS), new ReferralReceived.Reason("Fall at home", null),
                new ReferralReceived.Patient("9990000018", "Edith", "Testwell", LocalDate.of(1938, 6, 14), "LE11 3TU",
                        "LE11", "C82001", null),
                new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Fakename"));
    }

    /** Sends a triage decision the way triage-service does. Returns its CloudEvent id. */
    public String triage(ReferralTriaged decision) {
        return kafka.sendEvent(Topics.ASSESSMENTS, decision.referralId(), ReferralTriaged.TYPE, decision);
    }

    /** Waits until the service has applied the event with this CloudEvent id. */
    public void awaitProcessed(String eventId) {
        await().atMost(PATIENCE).until(() -> Sql.count(database,
                "SELECT count(*) FROM processed_event WHERE consumer = 'hub-allocation-service' AND event_id = ?",
                eventId) == 1);
    }

    /** Waits until every event the service wrote for this referral has reached Kafka. */
    void awaitOutboxSent(String referralId) {
        await().atMost(PATIENCE).until(() -> Sql.count(database,
                "SELECT count(*) FROM outbox_unpublished WHERE message_key = ?", referralId) == 0);
    }

    /** Waits until the referral is allocated, and returns it as GET /api/allocations/{id} shows it. */
    public static JsonPath awaitAllocated(String referralId) {
        return await().atMost(PATIENCE).until(() -> {
            var response = given().get("/api/allocations/" + referralId);
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, json -> json != null && json.getString("hubId") != null);
    }

    public static JsonPath allocation(String referralId) {
        return given().get("/api/allocations/" + referralId).then().statusCode(200).extract().jsonPath();
    }

    List<ConsumerRecord<String, String>> records(String topic, String referralId) {
        return kafka.read(topic, r -> referralId.equals(r.key()));
    }
}
