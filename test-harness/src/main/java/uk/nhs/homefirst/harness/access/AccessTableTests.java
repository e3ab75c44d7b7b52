package uk.nhs.homefirst.harness.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import uk.nhs.homefirst.harness.Json;

/**
 * The security test every service runs from the access table in its README, whatever HTTP client
 * its tests use: the service says how to call each endpoint, this judges every answer alike.
 */
public final class AccessTableTests {

    /** What the security test needs of an answer. */
    public record Answer(int status, String contentType, String body, Optional<String> challenge) {
    }

    private AccessTableTests() {
    }

    /** A REST Assured request carrying the token, or none. */
    public static RequestSpecification given(Optional<String> token) {
        return token.map(t -> RestAssured.given().auth().oauth2(t)).orElseGet(() -> RestAssured.given().auth().none());
    }

    public static Answer answer(Response response) {
        return new Answer(response.statusCode(), response.contentType(), response.asString(),
                Optional.ofNullable(response.header("WWW-Authenticate")));
    }

    /**
     * One dynamic test per case of the README's table: each endpoint, each role, each way a token can
     * be good or wrong. {@code endpoints} are the endpoints the service knows how to call; the table
     * must list exactly those, so a new endpoint cannot miss its row.
     */
    public static Stream<DynamicTest> run(Path readme, AccessCase.Scope scope, Set<String> endpoints,
            Function<AccessCase, Answer> call) {
        AccessTable table = AccessTable.read(readme);
        assertThat(table.rows()).extracting(AccessTable.Row::endpoint).containsExactlyInAnyOrderElementsOf(endpoints);
        return AccessCase.all(table, scope).stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Answer answer = call.apply(c);
            assertThat(answer.status()).as(c + ": " + answer.body()).isEqualTo(c.expected());
            if (c.expected() == 401 || c.expected() == 403) {
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(Json.read(answer.body(), JsonNode.class).path("status").asInt()).isEqualTo(c.expected());
            }
            if (c.expected() == 401) {
                assertThat(answer.challenge()).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            }
        }));
    }

    /**
     * Deny by default: the service's probe {@code GET /api/unguarded} (a REST method with no role
     * written on it) and a path nobody listed are refused even to admin, while health stays open.
     */
    public static void assertDeniedByDefault(BiFunction<String, Optional<String>, Answer> get) {
        Optional<String> admin = Optional.of(TestTokens.of("admin"));
        Answer unguarded = get.apply("/api/unguarded", admin);
        assertThat(unguarded.status()).isEqualTo(403);
        assertThat(unguarded.contentType()).startsWith("application/problem+json");
        assertThat(get.apply("/api/unguarded", Optional.empty()).status()).isEqualTo(401);
        Answer unlisted = get.apply("/nothing-listed", admin);
        assertThat(unlisted.status()).isEqualTo(403);
        assertThat(unlisted.contentType()).startsWith("application/problem+json");
        assertThat(get.apply("/q/health/ready", Optional.empty()).status()).isEqualTo(200);
    }
}
