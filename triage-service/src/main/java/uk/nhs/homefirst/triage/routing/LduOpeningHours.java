package uk.nhs.homefirst.triage.routing;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Each LDU's opening hours; an LDU with none of its own keeps the common ones. */
public final class LduOpeningHours {

    private final OpeningHours common;
    private final Map<String, OpeningHours> byLdu;

    /**
     * @throws IllegalArgumentException when hours are given for an LDU that no route leads to: a
     *         misspelt id would otherwise leave that LDU on the common hours without a word
     */
    public LduOpeningHours(OpeningHours common, Map<String, OpeningHours> byLdu, Set<String> ldus) {
        Set<String> unknown = new TreeSet<>(byLdu.keySet());
        unknown.removeAll(ldus);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("opening hours for " + unknown + ", which no LDU route leads to; the LDUs are "
                    + ldus);
        }
        this.common = common;
        this.byLdu = Map.copyOf(byLdu);
    }

    public OpeningHours of(String ldu) {
        return byLdu.getOrDefault(ldu, common);
    }

    /** Received while its LDU was closed; a referral with no LDU is never out of hours (admin routes it). */
    public boolean outOfHours(String ldu, Instant receivedAt) {
        return ldu != null && !of(ldu).isOpenAt(receivedAt);
    }
}
