package uk.nhs.homefirst.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    record Patient(String nhsNumber, String givenName) {
    }

    record Referral(String source, Patient patient) {
    }

    private final ProblemMappers mappers = new ProblemMappers();
    private final ObjectMapper strict = new ObjectMapper();

    ProblemMappersTest() {
        strict.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }

    @Test
    void aFieldNamedTwiceIsNamedByItsPathWhereverItIs() {
        Problem top = problem(mappers.unreadableBody(refusal("{\"source\": \"GP\", \"source\": \"FAX\"}"), null));
        Problem nested = problem(mappers.unreadableBody(
                refusal("{\"source\": \"GP\", \"patient\": {\"givenName\": \"Ada\", \"givenName\": \"Eve\"}}"), null));

        assertThat(top.status()).isEqualTo(400);
        assertThat(top.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("source");
            assertThat(error.message()).isEqualTo("appears more than once").doesNotContain("FAX");
        });
        assertThat(nested.errors()).extracting(Problem.FieldError::field).containsExactly("patient.givenName");
    }

    @Test
    void aRefusalWhileTheBodyWasReadIsThatRefusalNotAFieldOfTheWrongForm() {
        InputStream refusing = new FilterInputStream(new ByteArrayInputStream(
                ("{\"source\": \"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8))) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 1000));
                read += Math.max(n, 0);
                if (read > 5000) {
                    // As a size limit refuses a body while the reader is in the middle of a field.
                    throw new WebApplicationException(Response.status(413).build());
                }
                return n;
            }
        };
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
                () -> strict.readValue(refusing, Referral.class));

        Response response = mappers.unreadableBody(e, null);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem(response).errors()).isNull();
    }

    @Test
    void aMethodNotAllowedKeepsItsAllowHeader() {
        Response response = mappers.web(new NotAllowedException(Response.status(405).allow("GET", "POST").build()), null);

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeaderString("Allow")).contains("GET", "POST");
        assertThat(problem(response).type()).isEqualTo("urn:uk-nhs-homefirst:problem:method-not-allowed");
    }

    private JsonProcessingException refusal(String json) {
        return catchThrowableOfType(JsonProcessingException.class, () -> strict.readValue(json, Referral.class));
    }

    private static Problem problem(Response response) {
        return (Problem) response.getEntity();
    }

    @Test
    void aDatabaseThatDidNotAnswerIsA503WithRetryAfterThatQuotesNothing() {
        for (Throwable failure : java.util.List.of(
                new IllegalStateException(new java.sql.SQLException("Sorry, acquisition timeout!")),
                new RuntimeException(new java.sql.SQLException("Acquisition timeout while waiting for new connection")),
                new RuntimeException(new java.sql.SQLException("I/O error with 9434765919", "08006")),
                new java.sql.SQLException("canceling statement due to statement timeout", "57014"),
                new java.sql.SQLException("canceling statement due to lock timeout", "55P03"))) {
            Response response = mappers.unexpected(failure, null);

            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
            assertThat(problem(response).detail()).doesNotContain("9434765919").contains("retry");
        }
        // A row the database refuses is the service's fault, not a dependency's: a 500, as before.
        assertThat(Unavailable.dependencyOf(new java.sql.SQLException("violates check constraint", "23514"))).isEmpty();
    }

    /** As Narayana reports a commit whose connection dropped: the database's error is suppressed, not a cause. */
    @Test
    void aCommitTheDatabaseDidNotConfirmIsA503ThatDoesNotSayNothingChanged() {
        jakarta.transaction.RollbackException rollback = new jakarta.transaction.RollbackException(
                "ARJUNA016053: Could not commit transaction.");
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("Error trying to transactionCommit");
        xa.initCause(new java.sql.SQLException("An I/O error occurred while sending to the backend.", "08006"));
        rollback.addSuppressed(xa);
        Response response = mappers.unexpected(new IllegalStateException(rollback), null);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(problem(response).detail()).contains("may have been made").doesNotContain("Nothing was changed");
        // A cause that is its own suppressed exception ends the walk rather than looping.
        java.sql.SQLException loop = new java.sql.SQLException("violates check constraint", "23514");
        RuntimeException outer = new RuntimeException(loop);
        loop.addSuppressed(outer);
        assertThat(Unavailable.dependencyOf(outer)).isEmpty();
    }
}
