package uk.nhs.homefirst.triage.rest;

import java.time.Instant;
import uk.nhs.homefirst.triage.store.TriageCase;

/**
 * Who holds a case: only they decide it until they decide, release it, or {@code expiresAt} passes.
 *
 * @param claimedBy the holder's staff id (its token's subject)
 */
public record ClaimView(String referralId, String claimedBy, Instant claimedAt, Instant expiresAt) {

    /** The live claim on the case at {@code now}, or null when nobody holds it. */
    static ClaimView of(TriageCase c, Instant now) {
        return c.liveClaimHolder(now).isEmpty() ? null
                : new ClaimView(c.referralId.toString(), c.claimedBy, c.claimedAt, c.claimExpiresAt);
    }
}
