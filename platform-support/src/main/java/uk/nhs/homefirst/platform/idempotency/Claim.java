package uk.nhs.homefirst.platform.idempotency;

import java.util.UUID;

/**
 * What a request found when it tried to take its idempotency key, decided from the stored key by
 * {@link #decide}. Plain Java: the rules of the IETF httpapi draft.
 */
public sealed interface Claim {

    /** The key is this request's now; {@code owner} proves it when the response is stored. */
    record Taken(UUID owner) implements Claim {
    }

    /** The key answered before: the stored response, to send again. */
    record Replay(int status, String location, String body) implements Claim {
    }

    /** A twin with the same key is still being processed: 409. */
    record InFlight() implements Claim {
    }

    /** The key was used for a different payload: 422. */
    record Mismatch() implements Claim {
    }

    /** A key as stored. */
    record Stored(String fingerprint, boolean completed, int status, String location, String body) {
    }

    /** The answer to a request with {@code fingerprint} whose key is held by {@code stored}. */
    static Claim decide(Stored stored, String fingerprint) {
        if (!stored.fingerprint().equals(fingerprint)) {
            return new Mismatch();
        }
        if (!stored.completed()) {
            return new InFlight();
        }
        return new Replay(stored.status(), stored.location(), stored.body());
    }
}
