package uk.nhs.homefirst.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * Runs a POST under the rules of the {@code Idempotency-Key} header (IETF httpapi draft):
 * <ul>
 * <li>the same key with the same payload gets the first response again, status, {@code Location}
 * and body alike, with {@code Idempotent-Replayed: true}, and changes nothing;</li>
 * <li>the same key with a different payload gets 422;</li>
 * <li>the same key while its first request is still being processed gets 409;</li>
 * <li>a key is kept for {@code homefirst.idempotency.retention}, 24 hours by default.</li>
 * </ul>
 * Only a response the work produced is kept. A request refused before or during the work (invalid
 * fields, an unknown referral) frees the key, so that a corrected retry is processed.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** A response as kept for replay: its JSON body exactly as first sent. */
    public record StoredResponse(int status, URI location, String body) {

        Response toResponse() {
            Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
            if (location != null) {
                response.location(location);
            }
            return response.build();
        }
    }

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    IdempotentRequests(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * A POST whose key is read from its {@code Idempotency-Key} header (a malformed one is a 400
     * naming the header) and whose fingerprint is what it names and its body: {@code target} (the id
     * in its path; empty when none) then the body as JSON.
     *
     * @param scope the operation, such as {@code POST /api/visits}: a key is unique within it
     */
    public Response run(String scope, HttpHeaders headers, String target, Object body, Supplier<StoredResponse> work) {
        Violations violations = new Violations();
        Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(headers.getRequestHeader(IdempotencyKey.HEADER),
                violations);
        violations.throwIfAny();
        String canonical = write(body);
        return run(scope, key, fingerprint(target.isEmpty() ? canonical : target + "\n" + canonical), work);
    }

    /** An answer of {@code status} whose body is {@code value} as JSON, kept for replay as sent. */
    public StoredResponse answer(int status, URI location, Object value) {
        return new StoredResponse(status, location, write(value));
    }

    /**
     * @param scope       the operation, such as {@code POST /api/referrals}: a key is unique within it
     * @param fingerprint a digest of the payload, which the same request has and a different one has not
     * @param work        the effect and its response, run in a new transaction that also stores the response
     */
    public Response run(String scope, Optional<IdempotencyKey> key, String fingerprint, Supplier<StoredResponse> work) {
        if (key.isEmpty()) {
            return QuarkusTransaction.requiringNew().call(work::get).toResponse();
        }
        IdempotencyKey k = key.get();
        Claim claim = keys.claim(scope, k, fingerprint);
        if (claim instanceof Claim.Replay replay) {
            Response.ResponseBuilder response = Response.status(replay.status())
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(replay.body()).header(REPLAYED_HEADER, "true");
            if (replay.location() != null) {
                response.location(URI.create(replay.location()));
            }
            return response.build();
        }
        if (claim instanceof Claim.InFlight) {
            throw inFlight();
        }
        if (claim instanceof Claim.Mismatch) {
            throw new ProblemException(422, "Idempotency key reused", "This Idempotency-Key was sent before with a "
                    + "different payload. Send a new request with a new key.");
        }
        java.util.UUID owner = ((Claim.Taken) claim).owner();
        try {
            StoredResponse stored = QuarkusTransaction.requiringNew().call(() -> {
                StoredResponse response = work.get();
                if (!keys.complete(scope, k, owner, response.status(),
                        response.location() == null ? null : response.location().toString(), response.body())) {
                    throw new LostKey();
                }
                return response;
            });
            return stored.toResponse();
        } catch (LostKey e) {
            throw inFlight();
        } catch (RuntimeException e) {
            keys.release(scope, k, owner);
            throw e;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A SHA-256 digest of a request's canonical text (its path and JSON body, say), in hex: its fingerprint. */
    public static String fingerprint(String canonical) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static ProblemException inFlight() {
        return new ProblemException(409, "Request in progress", "A request with this Idempotency-Key is still "
                + "being processed. Retry in a moment to get its response.");
    }

    /** The request outlasted its hold on the key and a retry took it over; this one's effect is rolled back. */
    private static final class LostKey extends RuntimeException {
        LostKey() {
            super("the idempotency key was taken over", null, false, false);
        }
    }
}
