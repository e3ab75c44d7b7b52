package uk.nhs.homefirst.allocation.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.asClinicianOf;
import static uk.nhs.homefirst.allocation.it.Fixtures.asStaffOf;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.allocation.it.Fixtures;
import uk.nhs.homefirst.allocation.it.FixturedIT;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * Whose referrals, caseloads and visits each role reaches, beyond what the access table runs: a
 * visit recorded late by the hub that held the referral then, after it was moved; the LDU of a
 * referral, from its triage decision, deciding which clinicians see and allocate it.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class HubScopeIT extends FixturedIT {

    @Test
    void aVisitIsAcceptedFromTheHubThatHeldTheReferralAtTheVisitTimeOrHoldsItNow() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE11", received,
                "county-and-rutland"));
        awaitAllocated(id);
        // Charnwood took it on triage (allocatedAt: now); the LDU moves it to the city's north and west.
        Instant moved = Instant.now().plusSeconds(1);
        asClinicianOf("county-and-rutland").contentType(ContentType.JSON)
                .body(Json.write(Map.of("hubId", "city-north-west", "allocatedAt", moved.toString())))
                .put("/api/allocations/" + id).then().statusCode(200).body("hubId", equalTo("city-north-west"));
        Instant whileCharnwoodHeldIt = moved.minusMillis(500);

        // Charnwood records, late, the visit it made while it held the referral: it counts, for Charnwood.
        String late = visit(asStaffOf("charnwood-nwl"), id, whileCharnwoodHeldIt).statusCode(201)
                .body("hubId", equalTo("charnwood-nwl")).extract().path("visitId");
        // A visit after the move is no longer Charnwood's to record.
        forbidden(visit(asStaffOf("charnwood-nwl"), id, moved.plusMillis(200)));
        // The hub that holds it now records any visit, as its own.
        visit(asStaffOf("city-north-west"), id, whileCharnwoodHeldIt).statusCode(201)
                .body("hubId", equalTo("city-north-west"));
        // A hub that never held it learns nothing, not even that a visit before its receipt is wrong.
        forbidden(visit(asStaffOf("hinckley-bosworth"), id, whileCharnwoodHeldIt));
        forbidden(visit(asStaffOf("hinckley-bosworth"), id, received.minusSeconds(600)));

        asStaffOf("charnwood-nwl").get("/api/visits/" + late).then().statusCode(200);
        forbidden(asStaffOf("city-north-west").get("/api/visits/" + late).then());
        asStaffOf("charnwood-nwl").get("/api/allocations/" + id).then().statusCode(200)
                .body("visits.hubId", equalTo(List.of("charnwood-nwl", "city-north-west")));
        forbidden(asStaffOf("hinckley-bosworth").get("/api/allocations/" + id).then());
        given().get("/api/allocations/" + id).then().body("visits.size()", equalTo(2));
    }

    @Test
    void aCaseloadIsItsHubsAndAdmins() {
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.END_OF_LIFE, ResponseStandard.TWO_DAY, "LE13", anHourAgo(),
                "county-and-rutland"));
        awaitAllocated(id);
        asStaffOf("melton-rutland").get("/api/hubs/melton-rutland/caseload").then().statusCode(200)
                .body("referrals.referralId", hasItem(id));
        given().get("/api/hubs/melton-rutland/caseload").then().statusCode(200).body("referrals.referralId", hasItem(id));
        forbidden(asStaffOf("charnwood-nwl").get("/api/hubs/melton-rutland/caseload").then());
        forbidden(asClinicianOf("county-and-rutland").get("/api/hubs/melton-rutland/caseload").then());
    }

    @Test
    void anLdusClinicianSeesAndAllocatesItsOwnLdusReferralsWaitingForAHub() {
        Instant received = anHourAgo();
        String county = newReferralId();
        String city = newReferralId();
        fixtures.awaitProcessed(fixtures.triage(decision(county, 1, Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR, "B79", received, "county-and-rutland")));
        fixtures.awaitProcessed(fixtures.triage(decision(city, 1, Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR, "NG1", received, "city")));

        asClinicianOf("county-and-rutland").get("/api/allocations/unallocated").then().statusCode(200)
                .body("referralId", hasItem(county)).body("referralId", not(hasItem(city)));
        asClinicianOf("city").queryParam("ldu", "city").get("/api/allocations/unallocated").then().statusCode(200)
                .body("referralId", hasItem(city)).body("referralId", not(hasItem(county)));
        forbidden(asClinicianOf("city").queryParam("ldu", "county-and-rutland").get("/api/allocations/unallocated").then());
        given().get("/api/allocations/unallocated").then().body("referralId", hasItem(city)).body("referralId", hasItem(county));

        asClinicianOf("county-and-rutland").get("/api/allocations/" + county).then().statusCode(200);
        forbidden(asClinicianOf("city").get("/api/allocations/" + county).then());
        forbidden(asClinicianOf("city").contentType(ContentType.JSON).body("{\"hubId\": \"city-north-west\"}")
                .put("/api/allocations/" + county).then());
        given().get("/api/allocations/" + county).then().body("status", equalTo("UNALLOCATED"));
        asClinicianOf("county-and-rutland").contentType(ContentType.JSON).body("{\"hubId\": \"hinckley-bosworth\"}")
                .put("/api/allocations/" + county).then().statusCode(200).body("hubId", equalTo("hinckley-bosworth"));

        // A re-triage that routes the referral to the other LDU hands it over.
        fixtures.awaitProcessed(fixtures.triage(decision(city, 2, Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR, "NG1", received, "county-and-rutland")));
        forbidden(asClinicianOf("city").get("/api/allocations/" + city).then());
        asClinicianOf("county-and-rutland").get("/api/allocations/" + city).then().statusCode(200);
    }

    private static ValidatableResponse visit(io.restassured.specification.RequestSpecification as, String referralId,
            Instant visitedAt) {
        return as.contentType(ContentType.JSON).body(Json.write(Map.of("referralId", referralId,
                "visitedAt", visitedAt.toString(), "outcome", "ATTENDED", "contactType", "IN_PERSON", "staffRole", "NURSE")))
                .post("/api/visits").then();
    }

    private static void forbidden(ValidatableResponse response) {
        response.statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
    }
}
