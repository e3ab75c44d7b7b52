package uk.nhs.homefirst.triage.support;

import io.restassured.RestAssured;
import uk.nhs.homefirst.harness.access.TestTokens;

/** Who the tests call as: their tokens, signed by Quarkus's OIDC test server's key. */
public final class Callers {

    public static final String CITY = "city";
    public static final String COUNTY = "county-and-rutland";

    private Callers() {
    }

    /**
     * Every request of REST Assured, unless it says otherwise, carries an admin's token: admin sees
     * and decides every referral, so what these tests check is not who may call (AccessTableIT and
     * LduScopeIT do).
     */
    public static void actAsAdmin() {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.of("admin"));
    }

    /** The same, as an Authorization header, for requests sent without REST Assured. */
    public static String adminBearer() {
        return "Bearer " + TestTokens.of("admin");
    }

    public static String clinicianOf(String ldu) {
        return TestTokens.lduClinician(ldu);
    }
}
