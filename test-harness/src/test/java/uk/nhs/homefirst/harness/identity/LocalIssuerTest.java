package uk.nhs.homefirst.harness.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.Json;

/** The stand-in issuer gives tokens to systems, and tells a browser sent to sign in why it cannot. */
class LocalIssuerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aBrowserSentToSignInIsToldThatTheDashboardNeedsKeycloakWhileSystemsStillGetTokens() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start(0, Map.of("HOMEFIRST_DASHBOARD_URL", "http://localhost:8084",
                "HOMEFIRST_DASHBOARD_CLIENT_SECRET", "dashboard", "HOMEFIRST_DEMO_CLIENT_SECRET", "demo"))) {
            JsonNode discovery = Json.read(get(issuer.issuer() + "/.well-known/openid-configuration").body(), JsonNode.class);
            String authorization = discovery.path("authorization_endpoint").asText();
            assertThat(authorization).isEqualTo(issuer.issuer() + "/protocol/openid-connect/auth");
            assertThat(discovery.path("end_session_endpoint").asText()).isEqualTo(issuer.issuer() + "/protocol/openid-connect/logout");

            HttpResponse<String> signIn = get(authorization + "?response_type=code&client_id=home-first-dashboard");
            assertThat(signIn.statusCode()).isEqualTo(501);
            assertThat(signIn.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(signIn.body()).contains("Sign-in needs Keycloak", "JDK 21", "deploy/local/token ops");

            String token = new IdentityClient(issuer.baseUrl()).clientCredentials("demo-admin-system", "demo");
            assertThat(token.split("\\.")).hasSize(3);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
