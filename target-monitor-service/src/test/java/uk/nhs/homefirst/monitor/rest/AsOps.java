package uk.nhs.homefirst.monitor.rest;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import uk.nhs.homefirst.harness.access.TestTokens;

/** Requests as the ops team's tools make them: with an access token of the ops role. */
final class AsOps {

    private AsOps() {
    }

    static String token() {
        return TestTokens.of("ops");
    }

    static RequestSpecification asOps() {
        return RestAssured.given().auth().oauth2(token());
    }
}
