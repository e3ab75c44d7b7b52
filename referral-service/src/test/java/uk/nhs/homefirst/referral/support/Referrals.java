package uk.nhs.homefirst.referral.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionFactory;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.access.TestTokens;

/** Referral payloads for tests: valid ones, and ways to spoil one field at a time. */
public final class Referrals {

    private static final AtomicInteger SERIAL = new AtomicInteger();

    private Referrals() {
    }

    /** The referring organisations of the tests' referrals. */
    public static final String ODS = "C82001";
    public static final String OTHER_ODS = "C82002";

    /**
     * Every request of REST Assured, unless it says otherwise, carries a token of a referrer acting
     * for the tests' organisations: what these tests check is not who may call (AccessTableIT does).
     */
    public static void actAsTheReferrer() {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.referrer(ODS, OTHER_ODS));
    }

    /** The same, as an Authorization header, for requests sent without REST Assured. */
    public static String bearer() {
        return "Bearer " + TestTokens.referrer(ODS, OTHER_ODS);
    }

    /** The machine is small and shared: allow for a slow consumer-group join, but poll gently. */
    public static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250));
    }

    /**
     * Waits until the service is ready: not before HAPI's validator has loaded (FhirWarmUp), which on
     * this shared machine can take a minute or more after each start of the application.
     */
    public static void awaitReady() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> RestAssured.given().get("/q/health/ready").statusCode() == 200);
    }

    /** A valid referral from a GP practice, its reason text made unique so that a test can find its rows. */
    public static ObjectNode valid() {
        ObjectNode referral = Json.MAPPER.createObjectNode();
        referral.put("source", "GP");
        referral.put("requestedUrgency", "CRISIS");
        referral.putArray("clinicalNeeds").add("FALLS").add("FRAILTY_DECOMPENSATION");
        ObjectNode reason = referral.putObject("reason");
        reason.put("text", "Fall at home, unable to get up (" + uniqueToken() + ")");
        reason.put("snomedCode", "217082002");
        ObjectNode patient = referral.putObject("patient");
        patient.put("nhsNumber", "943 476 5919");
        patient.put("givenName", "Ada");
        patient.put("familyName", "Lovelace");
        patient.put("dateOfBirth", "1941-03-02");
        patient.put("postcode", "LE11 3TU");
        patient.put("gpPracticeOdsCode", "C82001");
        patient.put("phone", "07700 900123");
        ObjectNode referrer = referral.putObject("referrer");
        referrer.put("organisationOdsCode", "C82001");
        referrer.put("role", "GP");
        referrer.put("name", "Dr A Patel");
        return referral;
    }

    /**
     * A hospital's discharge-to-assess referral made before the patient leaves: the expected date
     * and discharge pathway given.
     */
    public static ObjectNode hospital(String expectedDate, Integer pathway) {
        ObjectNode referral = with(with(valid(), "source", "ACUTE_HOSPITAL"), "requestedUrgency", "ROUTINE");
        referral.set("clinicalNeeds", array("REABLEMENT_NEED"));
        ObjectNode discharge = referral.putObject("discharge");
        discharge.put("expectedDate", expectedDate);
        if (pathway != null) {
            discharge.put("pathway", pathway);
        }
        return referral;
    }

    public static String uniqueToken() {
        return "t" + SERIAL.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The referral with the field at a dotted path (such as {@code patient.givenName}) set to a text. */
    public static ObjectNode with(ObjectNode referral, String path, String value) {
        return with(referral, path, value == null ? Json.MAPPER.nullNode() : Json.MAPPER.getNodeFactory().textNode(value));
    }

    public static ObjectNode with(ObjectNode referral, String path, JsonNode value) {
        ObjectNode copy = referral.deepCopy();
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? copy : (ObjectNode) copy.at("/" + path.substring(0, dot).replace('.', '/'));
        parent.set(path.substring(dot + 1), value);
        return copy;
    }

    public static ObjectNode without(ObjectNode referral, String path) {
        ObjectNode copy = referral.deepCopy();
        int dot = path.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? copy : (ObjectNode) copy.at("/" + path.substring(0, dot).replace('.', '/'));
        parent.remove(path.substring(dot + 1));
        return copy;
    }

    public static ArrayNode array(String... values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    public static JsonNode json(String json) {
        return Json.read(json, JsonNode.class);
    }

    public static String write(JsonNode node) {
        return Json.write(node);
    }

    /** The records about a referral on the referrals topic, in partition order. */
    public static List<ConsumerRecord<String, String>> onTopic(KafkaTestClient kafka, String referralId) {
        return kafka.read(Topics.REFERRALS, r -> referralId.equals(r.key()));
    }
}
