package uk.nhs.homefirst.triage.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * Each referral goes to the LDU of its patient's locality, and each LDU's clinicians see and decide
 * only their own: the queue is filtered to it, another LDU's case is a 403, and a referral is passed
 * on by a decision that names the other LDU. A referral no route covers waits for admin.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class LduRoutingIT extends FixturedIT {

    private static final String CITY_CLINICIAN = Callers.clinicianOf(Callers.CITY);
    private static final String COUNTY_CLINICIAN = Callers.clinicianOf(Callers.COUNTY);
    @Test
    void eachReferralGoesToTheLduOfItsLocalityAndEachLduSeesOnlyItsOwn() {
        String city = referral("LE2 1AA");
        String county = referral("LE11 3TU");
        String rutland = referral("LE15 6AB");

        assertThat(ldu(city)).isEqualTo("city");
        assertThat(ldu(county)).isEqualTo("county-and-rutland");
        assertThat(ldu(rutland)).isEqualTo("county-and-rutland");
        assertThat(announcedLdu(city, 1)).isEqualTo("city");
        assertThat(announcedLdu(rutland, 1)).isEqualTo("county-and-rutland");

        List<Map<String, Object>> cityQueue = wholeQueue(CITY_CLINICIAN, null);
        assertThat(cityQueue).extracting(item -> item.get("referralId")).contains(city).doesNotContain(county, rutland);
        assertThat(cityQueue).extracting(item -> item.get("ldu")).containsOnly("city");
        List<Map<String, Object>> countyQueue = wholeQueue(COUNTY_CLINICIAN, "county-and-rutland");
        assertThat(countyQueue).extracting(item -> item.get("referralId")).contains(county, rutland).doesNotContain(city);
        assertThat(countyQueue).extracting(item -> item.get("ldu")).containsOnly("county-and-rutland");
        assertThat(wholeQueue(null, null)).extracting(item -> item.get("referralId")).contains(city, county, rutland);
        assertThat(wholeQueue(null, "city")).extracting(item -> item.get("referralId"))
                .contains(city).doesNotContain(county);

        as(CITY_CLINICIAN).get("/api/triage/" + city).then().statusCode(200);
        as(CITY_CLINICIAN).get("/api/triage/" + city + "/decisions/1").then().statusCode(200);
        forbidden(as(CITY_CLINICIAN).get("/api/triage/" + county).then());
        forbidden(as(CITY_CLINICIAN).get("/api/triage/" + county + "/decisions/1").then());
        forbidden(as(CITY_CLINICIAN).queryParam("ldu", "county-and-rutland").get("/api/triage/queue").then());
        forbidden(as(COUNTY_CLINICIAN).contentType(ContentType.JSON).body(decision("END_OF_LIFE", null))
                .post("/api/triage/" + city + "/decisions").then());
        as(COUNTY_CLINICIAN).get("/api/triage/" + rutland).then().statusCode(200);
        given().get("/api/triage/" + city).then().statusCode(200).body("decisions.size()", equalTo(1));
    }

    @Test
    void aClinicianPassesAReferralOfAnotherLocalityToItsLduAndThenNoLongerSeesIt() {
        // LE2 is the city's, but its Oadby streets are the county's: the city's clinician passes it on.
        String oadby = referral("LE2 4AB");
        assertThat(ldu(oadby)).isEqualTo("city");

        as(CITY_CLINICIAN).contentType(ContentType.JSON).body(decision("HOME_FIRST_REABLEMENT", "county-and-rutland"))
                .post("/api/triage/" + oadby + "/decisions").then().statusCode(201)
                .body("decisionNumber", equalTo(2)).body("ldu", equalTo("county-and-rutland"));

        assertThat(announcedLdu(oadby, 2)).isEqualTo("county-and-rutland");
        forbidden(as(CITY_CLINICIAN).get("/api/triage/" + oadby).then());
        assertThat(wholeQueue(CITY_CLINICIAN, null)).extracting(item -> item.get("referralId")).doesNotContain(oadby);
        assertThat(wholeQueue(COUNTY_CLINICIAN, null)).filteredOn(item -> oadby.equals(item.get("referralId")))
                .singleElement().satisfies(item -> assertThat(item.get("reasons")).as("the county confirms it")
                        .isEqualTo(List.of("PASSED_ON")));
        as(COUNTY_CLINICIAN).get("/api/triage/" + oadby).then().statusCode(200)
                .body("ldu", equalTo("county-and-rutland"))
                .body("decisions.ldu", equalTo(List.of("city", "county-and-rutland")));

        as(COUNTY_CLINICIAN).contentType(ContentType.JSON).body(decision("HOME_FIRST_REABLEMENT", "rutland"))
                .post("/api/triage/" + oadby + "/decisions").then().statusCode(400)
                .body("errors.field", equalTo(List.of("ldu")));
    }

    @Test
    void aReferralNoRouteCoversWaitsForAdminWhoRoutesIt() {
        String nottingham = referral("NG1 5DT");
        assertThat(ldu(nottingham)).isNull();
        assertThat(announcedLdu(nottingham, 1)).isNull();

        forbidden(as(CITY_CLINICIAN).get("/api/triage/" + nottingham).then());
        forbidden(as(COUNTY_CLINICIAN).get("/api/triage/" + nottingham).then());
        assertThat(wholeQueue(COUNTY_CLINICIAN, null)).extracting(item -> item.get("referralId")).doesNotContain(nottingham);
        assertThat(wholeQueue(null, null)).filteredOn(item -> nottingham.equals(item.get("referralId")))
                .singleElement().satisfies(item -> assertThat(item.get("reasons")).isEqualTo(List.of("UNROUTED", "RULES_DEFAULT")));

        given().contentType(ContentType.JSON).body(decision("URGENT_CRISIS_RESPONSE", "county-and-rutland"))
                .post("/api/triage/" + nottingham + "/decisions").then().statusCode(201);
        assertThat(announcedLdu(nottingham, 2)).isEqualTo("county-and-rutland");
        as(COUNTY_CLINICIAN).get("/api/triage/" + nottingham).then().statusCode(200);
    }

    @Test
    void aClinicianWhoseTokenNamesNoLduSeesNothing() {
        String noLdu = TestTokens.of("ldu-clinician");
        forbidden(as(noLdu).get("/api/triage/queue").then());
        forbidden(as(noLdu).get("/api/triage/" + referral("LE1 1AA")).then());
    }

    private static String referral(String postcode) {
        String id = FakeReferrals.newId();
        Instant receivedAt = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
        // Catheter care: no rule recognises it, so the rules' catch-all decision waits on the LDU's queue.
        topics.sendReceived(FakeReferrals.receivedIn(postcode, id, receivedAt, RequestedUrgency.ROUTINE,
                ClinicalNeed.CATHETER_CARE));
        eventually().until(() -> given().get("/api/triage/" + id).statusCode() == 200);
        return id;
    }

    private static String ldu(String referralId) {
        return given().get("/api/triage/" + referralId).then().statusCode(200).extract().path("ldu");
    }

    private static String announcedLdu(String referralId, int decisionNumber) {
        return Json.read(topics.awaitTriaged(referralId, decisionNumber).get(decisionNumber - 1).value(),
                ReferralTriaged.class).ldu();
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static void forbidden(io.restassured.response.ValidatableResponse response) {
        response.statusCode(403).contentType("application/problem+json").body("status", equalTo(403))
                .body("detail", containsString("LDU"));
    }

    private static String decision(String pathway, String ldu) {
        return Json.write(ldu == null
                ? Map.of("pathway", pathway, "reason", "CLINICAL_JUDGEMENT")
                : Map.of("pathway", pathway, "reason", "OUT_OF_LOCALITY", "ldu", ldu));
    }

    /** Every page of the queue as the caller (null: admin) sees it, of one LDU when named. */
    private static List<Map<String, Object>> wholeQueue(String token, String ldu) {
        List<Map<String, Object>> items = new ArrayList<>();
        int page = 0;
        int totalPages;
        do {
            RequestSpecification request = token == null ? given() : as(token);
            if (ldu != null) {
                request = request.queryParam("ldu", ldu);
            }
            JsonPath body = request.queryParam("size", 200).queryParam("page", page).get("/api/triage/queue")
                    .then().statusCode(200).extract().jsonPath();
            items.addAll(body.getList("items"));
            totalPages = body.getInt("totalPages");
            page++;
        } while (page < totalPages);
        return items;
    }
}
