package uk.nhs.homefirst.harness.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import uk.nhs.homefirst.harness.Json;

/**
 * Gets tokens from the platform's identity provider with the standard OAuth 2.0 grants, and makes
 * the demo's users through Keycloak's admin REST API. It only asks for tokens: it never reads
 * one, which is the services' job (quarkus-oidc).
 */
public final class IdentityClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public IdentityClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String tokenUrl() {
        return tokenUrl(RealmTemplate.REALM);
    }

    /** A token for a system: the client credentials grant. */
    public String clientCredentials(String clientId, String secret) {
        return token(RealmTemplate.REALM, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    /** A token for a person of the demo realm, through its command-line client (the password grant). */
    public String password(String username, String password) {
        return token(RealmTemplate.REALM, Map.of("grant_type", "password", "client_id", RealmTemplate.CLI_CLIENT,
                "username", username, "password", password));
    }

    /** A token for the demo user, made first if it does not exist yet. */
    public String tokenFor(DemoUser user, IdentityProvider.Credentials admin, String password) {
        admin(admin).ensureUser(user, password);
        return password(user.username(), password);
    }

    public Admin admin(IdentityProvider.Credentials credentials) {
        String token = token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", credentials.username(), "password", credentials.password()));
        return new Admin(token);
    }

    /** The admin REST calls the local stack needs: a realm, and users with attributes and a group. */
    public final class Admin {

        private final String token;

        private Admin(String token) {
            this.token = token;
        }

        public void createRealm(String realmJson) {
            HttpResponse<String> response = send(authorised("/admin/realms")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(realmJson)).build());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("creating the realm answered " + response.statusCode() + ": " + response.body());
            }
        }

        /** Makes the user, with its attributes, its role's group and a password, unless it exists already. */
        public void ensureUser(DemoUser user, String password) {
            String users = "/admin/realms/" + RealmTemplate.REALM + "/users";
            HttpResponse<String> found = send(authorised(users + "?exact=true&username="
                    + URLEncoder.encode(user.username(), StandardCharsets.UTF_8)).GET().build());
            if (found.statusCode() == 200 && Json.read(found.body(), JsonNode.class).size() > 0) {
                return;
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("username", user.username());
            body.put("enabled", true);
            // Keycloak asks a user without these to complete a profile before it grants a token.
            body.put("firstName", "Demo");
            body.put("lastName", user.role());
            body.put("email", user.username() + "@demo.invalid");
            body.put("emailVerified", true);
            ObjectNode attributes = body.putObject("attributes");
            user.attributes().forEach((name, values) -> values.forEach(attributes.withArray(name)::add));
            body.putArray("groups").add("/" + user.role());
            ArrayNode credentials = body.putArray("credentials");
            credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
            HttpResponse<String> created = send(authorised(users).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build());
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("creating user " + user.username() + " answered " + created.statusCode()
                        + ": " + created.body());
            }
        }

        private HttpRequest.Builder authorised(String path) {
            return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token);
        }
    }

    private String tokenUrl(String realm) {
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    private String token(String realm, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tokenUrl(realm)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        JsonNode answer = response.statusCode() == 200 ? Json.read(response.body(), JsonNode.class) : null;
        if (answer == null || !answer.hasNonNull("access_token")) {
            throw new IllegalStateException("the token endpoint of realm " + realm + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return answer.get("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not reach " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
