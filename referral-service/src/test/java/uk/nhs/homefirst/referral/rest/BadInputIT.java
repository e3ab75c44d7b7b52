package uk.nhs.homefirst.referral.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.array;
import static uk.nhs.homefirst.referral.support.Referrals.json;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.with;
import static uk.nhs.homefirst.referral.support.Referrals.without;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.referral.support.TestClock;

/**
 * Every bad input gets a 4xx as application/problem+json that names each invalid field, and none,
 * however broken, gets a 5xx or a stack trace. The clock is stopped, so that the boundary dates are
 * exact: a date of birth of today is valid, tomorrow is not; 130 years ago is, a day more is not.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class BadInputIT {

    /** The stopped clock: mid-morning in London, so that "today" is the same date in UTC. */
    static final Instant NOW = LocalDate.now(ZoneId.of("Europe/London")).atTime(10, 15).atZone(ZoneId.of("Europe/London"))
            .toInstant();
    static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneId.of("Europe/London"));
    static final String PROBLEM = "application/problem+json";
    static final String REFERRALS = "/api/referrals";

    @Inject
    TestClock clock;

    @ConfigProperty(name = "homefirst.intake.max-backdating")
    Duration maxBackdating;

    @BeforeEach
    void stopTheClock() {
        Referrals.actAsTheReferrer();
        clock.freeze(NOW);
    }

    @AfterEach
    void restartTheClock() {
        clock.reset();
    }

    /**
     * A bad request and what it must get.
     *
     * @param fields the fields the problem names, in any order; empty when it names none
     */
    record Case(String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
            int status, List<String> fields) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Case post(String name, JsonNode body, int status, String... fields) {
        return post(name, write(body), status, fields);
    }

    static Case post(String name, String body, int status, String... fields) {
        return new Case(name, "POST", REFERRALS, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(),
                status, List.of(fields));
    }

    static Case raw(String name, String method, String path, String contentType, byte[] body, Map<String, String> headers,
            int status, String... fields) {
        return new Case(name, method, path, contentType, body, headers, status, List.of(fields));
    }

    static Stream<Case> badInputs() {
        ObjectNode v = valid();
        String validJson = write(v);
        List<Case> cases = new ArrayList<>();

        // Boundary dates.
        cases.add(post("date of birth tomorrow", with(v, "patient.dateOfBirth", TODAY.plusDays(1).toString()), 400,
                "patient.dateOfBirth"));
        cases.add(post("date of birth 130 years and a day ago",
                with(v, "patient.dateOfBirth", TODAY.minusYears(130).minusDays(1).toString()), 400, "patient.dateOfBirth"));
        cases.add(post("date of birth 30 February", with(v, "patient.dateOfBirth", "1941-02-30"), 400,
                "patient.dateOfBirth"));
        cases.add(post("date of birth in British form", with(v, "patient.dateOfBirth", "02/03/1941"), 400,
                "patient.dateOfBirth"));
        cases.add(post("receivedAt in words", with(v, "receivedAt", "yesterday"), 400, "receivedAt"));
        cases.add(post("receivedAt without an offset", with(v, "receivedAt", "2026-11-23T09:00:00"), 400, "receivedAt"));
        cases.add(post("receivedAt before 2000", with(v, "receivedAt", "1999-12-31T23:59:59Z"), 400, "receivedAt"));
        cases.add(post("receivedAt with a 41-character value", with(v, "receivedAt", "2026-11-23T09:00:00.000000000000000000Z"),
                400, "receivedAt"));

        // Identifiers and codes.
        cases.add(post("NHS number failing modulus 11", with(v, "patient.nhsNumber", "9434765918"), 400,
                "patient.nhsNumber"));
        cases.add(post("NHS number whose check digit would be 10", with(v, "patient.nhsNumber", "1000000010"), 400,
                "patient.nhsNumber"));
        cases.add(post("NHS number of 5 digits", with(v, "patient.nhsNumber", "12345"), 400, "patient.nhsNumber"));
        cases.add(post("NHS number as a JSON number", with(v, "patient.nhsNumber", json("9434765919")), 400,
                "patient.nhsNumber"));
        cases.add(post("NHS number in full-width digits", with(v, "patient.nhsNumber", "９４３４７６５９１９"), 400,
                "patient.nhsNumber"));
        cases.add(post("NHS number with a zero-width space", with(v, "patient.nhsNumber", "943\u200b4765919"), 400,
                "patient.nhsNumber"));
        cases.add(post("postcode that is not one", with(v, "patient.postcode", "NOWHERE"), 400, "patient.postcode"));
        cases.add(post("postcode of 10,000 characters", with(v, "patient.postcode", "L".repeat(10_000)), 400,
                "patient.postcode"));
        cases.add(post("GP practice code of a trust", with(v, "patient.gpPracticeOdsCode", "RWE"), 400,
                "patient.gpPracticeOdsCode"));
        cases.add(post("referrer ODS code too long", with(v, "referrer.organisationOdsCode", "C820010000000"), 400,
                "referrer.organisationOdsCode"));
        cases.add(post("phone in words", with(v, "patient.phone", "call after 6"), 400, "patient.phone"));
        cases.add(post("SNOMED code failing its Verhoeff check", with(v, "reason.snomedCode", "217082003"), 400,
                "reason.snomedCode"));
        cases.add(post("SNOMED description id", with(v, "reason.snomedCode", "123456017"), 400, "reason.snomedCode"));
        cases.add(post("source system without its referral id", with(v, "sourceSystem", "EMIS-WEB"), 400,
                "sourceReferralId"));

        // Names, unicode and huge strings.
        cases.add(post("given name with a line break", with(v, "patient.givenName", "Ada\nMary"), 400,
                "patient.givenName"));
        cases.add(post("family name with a NUL", with(v, "patient.familyName", "Love\u0000lace"), 400,
                "patient.familyName"));
        cases.add(post("given name with a right-to-left override", with(v, "patient.givenName", "Ada\u202eecalevoL"), 400,
                "patient.givenName"));
        cases.add(post("given name with an emoji", with(v, "patient.givenName", "Ada 😀"), 400, "patient.givenName"));
        cases.add(post("given name with a lone surrogate", validJson.replace("\"Ada\"", "\"Ada\\ud800\""), 400,
                "patient.givenName"));
        cases.add(post("given name of 200,000 characters", with(v, "patient.givenName", "A".repeat(200_000)), 400,
                "patient.givenName"));
        cases.add(post("reason of 4,001 characters", with(v, "reason.text", "x".repeat(4001)), 400, "reason.text"));
        cases.add(post("reason with an escape sequence", with(v, "reason.text", "Fall\u001b[2J"), 400, "reason.text"));

        // Injection attempts where they do not belong (in the free-text reason they are text, and kept).
        cases.add(post("SQL injection in the family name", with(v, "patient.familyName", "'; DROP TABLE referral;--"),
                400, "patient.familyName"));
        cases.add(post("script in the given name", with(v, "patient.givenName", "<script>alert(1)</script>"), 400,
                "patient.givenName"));
        cases.add(post("JNDI lookup in the referrer's name", with(v, "referrer.name", "${jndi:ldap://x/a}"), 400,
                "referrer.name"));
        cases.add(post("SQL injection in the source referral id",
                with(with(v, "sourceSystem", "EMIS-WEB"), "sourceReferralId", "1' OR '1'='1"), 400, "sourceReferralId"));

        // Enumerations, missing objects and wrong types.
        cases.add(post("unknown source", with(v, "source", "FAX"), 400, "source"));
        cases.add(post("no requested urgency", without(v, "requestedUrgency"), 400, "requestedUrgency"));
        cases.add(post("no clinical needs", with(v, "clinicalNeeds", json("[]")), 400, "clinicalNeeds"));
        cases.add(post("a clinical need twice", with(v, "clinicalNeeds", array("FALLS", "falls")), 400, "clinicalNeeds[1]"));
        cases.add(post("clinical needs as a text", with(v, "clinicalNeeds", "FALLS"), 400, "clinicalNeeds"));
        cases.add(post("clinical needs as nested arrays", with(v, "clinicalNeeds", json("[[\"FALLS\"]]")), 400,
                "clinicalNeeds[0]"));
        cases.add(post("patient null", with(v, "patient", json("null")), 400, "patient"));
        cases.add(post("referrer as an array", with(v, "referrer", json("[]")), 400, "referrer"));
        cases.add(post("source as an object", with(v, "source", json("{\"nested\": true}")), 400, "source"));
        cases.add(post("source as a number", with(v, "source", json("1")), 400, "source"));
        cases.add(post("source as a boolean", with(v, "source", json("true")), 400, "source"));
        cases.add(post("source as a number of a million digits", validJson.replace("\"GP\"", "1" + "0".repeat(1_000)),
                400));
        cases.add(post("a self-referral made by a GP", with(v, "source", "SELF_OR_CARER"), 400, "referrer.role"));
        cases.add(post("everything wrong at once", write(json("""
                {"source": "FAX", "receivedAt": "soon", "clinicalNeeds": ["HICCUPS"],
                 "reason": {"text": " ", "snomedCode": "217082003"},
                 "patient": {"nhsNumber": "9434765918", "givenName": "", "familyName": "<b>", "dateOfBirth": "2999-01-01",
                             "postcode": "X", "gpPracticeOdsCode": "!", "phone": "?"},
                 "referrer": {"role": "WIZARD", "name": "\\u0007"}}
                """)), 400, "source", "requestedUrgency", "receivedAt", "clinicalNeeds[0]", "reason.text",
                "reason.snomedCode", "patient.nhsNumber", "patient.givenName", "patient.familyName",
                "patient.dateOfBirth", "patient.postcode", "patient.gpPracticeOdsCode", "patient.phone",
                "referrer.organisationOdsCode", "referrer.role", "referrer.name"));

        // Bodies that are not a referral object.
        cases.add(post("malformed JSON", "{\"source\": \"GP\",", 400));
        cases.add(post("empty body", "", 400, ""));
        cases.add(post("JSON null", "null", 400, ""));
        cases.add(post("a JSON array instead of an object", "[" + validJson + "]", 400));
        cases.add(post("a JSON text instead of an object", "\"referral\"", 400));
        cases.add(post("a duplicate key", validJson.replaceFirst("\\{", "{\"source\": \"FAX\", "), 400, "source"));
        cases.add(post("a duplicate nested key",
                validJson.replace("\"givenName\":\"Ada\"", "\"givenName\":\"Ada\",\"givenName\":\"Eve\""), 400,
                "patient.givenName"));
        cases.add(post("a second object after the first", validJson + " {}", 400));
        cases.add(post("clinical needs nested 5,000 deep",
                validJson.replace("[\"FALLS\"", "[" + "[".repeat(5_000) + "\"FALLS\""), 400, "clinicalNeeds[0]"));
        cases.add(post("an unknown field nested 5,000 deep",
                validJson.replaceFirst("\\{", "{\"extra\": " + "[".repeat(5_000) + "]".repeat(5_000) + ", "), 400));
        byte[] invalidUtf8 = validJson.replace("Lovelace", "Love__ce").getBytes(StandardCharsets.UTF_8);
        int at = new String(invalidUtf8, StandardCharsets.ISO_8859_1).indexOf("__");
        invalidUtf8[at] = (byte) 0xC3;
        invalidUtf8[at + 1] = (byte) 0x28;
        cases.add(raw("invalid UTF-8 in the family name", "POST", REFERRALS, "application/json", invalidUtf8, Map.of(), 400,
                "patient.familyName"));

        // Size, media type and method.
        cases.add(post("a 1 MB body", with(v, "reason.text", "x".repeat(1024 * 1024)), 413));
        cases.add(post("a body just over 256 KB", with(v, "reason.text", "x".repeat(256 * 1024)), 413));
        cases.add(raw("text/plain", "POST", REFERRALS, "text/plain", validJson.getBytes(StandardCharsets.UTF_8), Map.of(),
                415));
        cases.add(raw("XML", "POST", REFERRALS, "application/xml",
                "<referral><source>GP</source></referral>".getBytes(StandardCharsets.UTF_8), Map.of(), 415));
        cases.add(raw("form data", "POST", REFERRALS, "application/x-www-form-urlencoded",
                "source=GP".getBytes(StandardCharsets.UTF_8), Map.of(), 415));
        cases.add(raw("asks for XML back", "POST", REFERRALS, "application/json", validJson.getBytes(StandardCharsets.UTF_8),
                Map.of("Accept", "application/xml"), 406));
        cases.add(raw("PUT on the collection", "PUT", REFERRALS, "application/json",
                validJson.getBytes(StandardCharsets.UTF_8), Map.of(), 405));
        cases.add(raw("DELETE on a referral", "DELETE", REFERRALS + "/" + UUID.randomUUID(), null, null, Map.of(), 405));
        cases.add(raw("a referral id that is not a UUID", "GET", REFERRALS + "/1%27%20OR%20%271%27=%271", null, null,
                Map.of(), 404));

        // Headers.
        cases.add(raw("an Idempotency-Key with a space", "POST", REFERRALS, "application/json",
                validJson.getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", "not a key"), 400, "Idempotency-Key"));
        cases.add(raw("an Idempotency-Key of 256 characters and a bad field", "POST", REFERRALS, "application/json",
                write(with(v, "source", "FAX")).getBytes(StandardCharsets.UTF_8), Map.of("Idempotency-Key", "k".repeat(256)),
                400, "Idempotency-Key", "source"));

        // The list's query.
        cases.add(raw("a list without the organisation", "GET", REFERRALS, null, null, Map.of(), 400, "referrerOdsCode"));
        cases.add(raw("a list with a bad page, size and range", "GET",
                REFERRALS + "?referrerOdsCode=C82001&page=-1&size=abc&from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z",
                null, null, Map.of(), 400, "page", "size", "to"));
        cases.add(raw("a list with an injected organisation", "GET",
                REFERRALS + "?referrerOdsCode=C82001%27%3B%20DROP%20TABLE%20referral%3B--", null, null, Map.of(), 400,
                "referrerOdsCode"));

        // Cancellation.
        cases.add(raw("cancelling an unknown referral", "POST", REFERRALS + "/" + UUID.randomUUID() + "/cancellation",
                "application/json", "{\"reason\": \"PATIENT_ADMITTED\"}".getBytes(StandardCharsets.UTF_8), Map.of(), 404));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void aBadInputGetsA4xxProblemNamingEachInvalidField(Case c) {
        Response response = send(c);

        String body = response.asString();
        assertThat(response.statusCode()).as(c.name() + ": " + body).isEqualTo(c.status());
        assertThat(response.contentType()).as(c.name()).startsWith(PROBLEM);
        JsonNode problem = Json.read(body, JsonNode.class);
        assertThat(problem.path("status").asInt()).isEqualTo(c.status());
        assertThat(problem.path("type").asText()).startsWith("urn:uk-nhs-homefirst:problem:");
        List<String> named = problem.path("errors").findValuesAsText("field");
        assertThat(named).as(c.name() + ": " + body).containsExactlyInAnyOrderElementsOf(c.fields());
        assertThat(body).doesNotContain("Exception", "\tat ", "java.", "uk.nhs.homefirst.referral.");
    }

    @Test
    void theTableHoldsAtLeastFortyBadInputs() {
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aBadInputIsNotStoredAndItsProblemRepeatsNoValue() {
        String secret = "Zaphod" + UUID.randomUUID().toString().substring(0, 6);
        ObjectNode bad = with(with(valid(), "patient.familyName", secret + "<"), "patient.nhsNumber", "9434765918");

        String body = given().contentType("application/json").body(write(bad))
                .when().post(REFERRALS).then().statusCode(400).extract().asString();

        assertThat(body).doesNotContain(secret, "9434765918");
        given().queryParam("referrerOdsCode", "C82001").queryParam("size", "200").when().get(REFERRALS)
                .then().statusCode(200).extract().jsonPath().getList("items.patient.familyName", String.class)
                .forEach(name -> assertThat(name).doesNotContain(secret));
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aBodyOfNoDeclaredLengthIsJudgedLikeAnyOtherOverTheLimitAndWithinIt(HttpClient.Version version) throws Exception {
        // HTTP/1.1 sends it chunked; HTTP/2 (upgraded from cleartext) in frames with no Content-Length.
        HttpClient http = HttpClient.newBuilder().version(version).build();
        byte[] huge = write(with(valid(), "reason.text", "x".repeat(1024 * 1024))).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = http.send(undeclaredLength(huge), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM));
        assertThat(Json.read(tooLarge.body(), JsonNode.class).path("status").asInt()).isEqualTo(413);

        byte[] fine = write(valid()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = http.send(undeclaredLength(fine), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Json.read(created.body(), JsonNode.class).path("patient").path("nhsNumber").asText()).isEqualTo("9434765919");
        byte[] large = write(with(valid(), "notes", "y".repeat(200 * 1024))).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> largeButWithin = http.send(undeclaredLength(large), HttpResponse.BodyHandlers.ofString());
        assertThat(largeButWithin.statusCode()).as("a body past the input buffer, within the limit").isEqualTo(201);
    }

    @Test
    void theBoundaryDatesThatAreValidAreAccepted() {
        ObjectNode bornToday = with(valid(), "patient.dateOfBirth", TODAY.toString());
        ObjectNode born130YearsAgo = with(valid(), "patient.dateOfBirth", TODAY.minusYears(130).toString());

        given().contentType("application/json").body(write(bornToday)).when().post(REFERRALS).then().statusCode(201);
        given().contentType("application/json").body(write(born130YearsAgo)).when().post(REFERRALS).then().statusCode(201);
    }

    @Test
    void aStatedReceivedAtExactlyAtTheBoundStartsTheClockAndJustPastItIsKeptButNotUsed() {
        Instant atTheBound = NOW.minus(maxBackdating);
        Instant justPast = atTheBound.minus(1, ChronoUnit.MICROS);
        Instant justAhead = NOW.plus(1, ChronoUnit.MICROS);

        JsonNode stated = post(with(valid(), "receivedAt", atTheBound.toString()));
        JsonNode tooOld = post(with(valid(), "receivedAt", justPast.toString()));
        JsonNode now = post(with(valid(), "receivedAt", NOW.toString()));
        JsonNode future = post(with(valid(), "receivedAt", justAhead.toString()));

        assertThat(stated.path("clockStart").asText()).isEqualTo("STATED");
        assertThat(Instant.parse(stated.path("receivedAt").asText())).isEqualTo(atTheBound);
        assertThat(tooOld.path("clockStart").asText()).isEqualTo("RECORDED");
        assertThat(Instant.parse(tooOld.path("receivedAt").asText())).isEqualTo(NOW);
        assertThat(Instant.parse(tooOld.path("statedReceivedAt").asText())).isEqualTo(justPast);
        assertThat(now.path("clockStart").asText()).isEqualTo("STATED");
        assertThat(future.path("clockStart").asText()).isEqualTo("RECORDED");
        assertThat(Instant.parse(future.path("statedReceivedAt").asText())).isEqualTo(justAhead);
    }

    private static JsonNode post(ObjectNode referral) {
        return Json.read(given().contentType("application/json").body(write(referral)).when().post(REFERRALS)
                .then().statusCode(201).extract().asString(), JsonNode.class);
    }

    private static HttpRequest undeclaredLength(byte[] body) {
        URI uri = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + REFERRALS);
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", Referrals.bearer())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .timeout(Duration.ofSeconds(60)).build();
    }

    private static Response send(Case c) {
        RequestSpecification request = given()
                .config(RestAssuredConfig.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .urlEncodingEnabled(false);
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        headers.forEach(request::header);
        if (c.contentType() != null) {
            request.contentType(c.contentType());
        }
        if (c.body() != null && "application/x-www-form-urlencoded".equals(c.contentType())) {
            request.body(new String(c.body(), StandardCharsets.UTF_8));
        } else if (c.body() != null) {
            request.body(c.body());
        }
        return request.when().request(c.method(), c.path());
    }
}
