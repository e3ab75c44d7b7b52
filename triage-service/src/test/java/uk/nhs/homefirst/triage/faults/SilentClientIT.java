package uk.nhs.homefirst.triage.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.triage.support.Callers;

/**
 * A client that opens a connection and then falls silent (before its request, halfway through its
 * headers, or halfway through its body) does not hold the connection: the server closes it once it
 * has been idle for {@code quarkus.http.idle-timeout} (20 s; 5 s in tests), and that is what the
 * client sees, the connection closed, with no response.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class SilentClientIT {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URL server;

    /** Nothing; headers cut short; a body cut short, with a token, so that the service waits for the rest. */
    static List<String> silences() {
        return List.of("",
                "GET /api/triage/queue HTTP/1.1\r\nHost: localhost\r\n",
                "POST /api/triage/x/decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: " + Callers.adminBearer() + "\r\n"
                        + "Content-Length: 100\r\n\r\n{\"pathway\":");
    }

    @ParameterizedTest
    @MethodSource("silences")
    void aClientThatFallsSilentIsDisconnectedAfterTheIdleTimeout(String sentBeforeSilence) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(sentBeforeSilence.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Instant silentFrom = Instant.now();

            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            Duration held = Duration.between(silentFrom, Instant.now());

            assertThat(held).isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(200))
                    .isLessThan(IDLE_TIMEOUT.plusSeconds(5));
            System.out.printf("silent after %d bytes: closed by the server after %d ms, answer: %s%n",
                    sentBeforeSilence.length(), held.toMillis(),
                    answer.length == 0 ? "none" : new String(answer, StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
        }
    }
}
