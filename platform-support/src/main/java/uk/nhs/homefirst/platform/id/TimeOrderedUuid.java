package uk.nhs.homefirst.platform.id;

import java.util.UUID;

/**
 * UUIDs of version 7 (RFC 9562): the first 48 bits are the Unix time in milliseconds, the other 74
 * (after the version and the variant) random, from the same {@code SecureRandom} as
 * {@link UUID#randomUUID()}.
 *
 * <p>Why: rows keyed by a random UUID land on a random page of every index on that key, so each
 * insert dirties a page of its own, and after every checkpoint the first change to each of those
 * pages writes the whole page to the WAL again. Keys that grow with time land on the last pages,
 * which stay in memory and are written once. The 74 random bits keep an id as hard to guess as a
 * random UUID's 122 are in practice: an id names a referral, and reading one by its id shows
 * patient data.
 */
public final class TimeOrderedUuid {

    private static final long VERSION_7 = 0x7000L;

    private TimeOrderedUuid() {
    }

    /** A new id for now. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A new id whose time is {@code epochMillis}, from 0 to 2^48 - 1 (the year 10889). */
    public static UUID at(long epochMillis) {
        if (epochMillis < 0 || epochMillis >>> 48 != 0) {
            throw new IllegalArgumentException("A version 7 UUID holds 48 bits of milliseconds: " + epochMillis);
        }
        // randomUUID's variant bits (10 in the top of the low half) are already RFC 9562's.
        UUID random = UUID.randomUUID();
        long high = epochMillis << 16 | VERSION_7 | random.getMostSignificantBits() & 0x0FFFL;
        return new UUID(high, random.getLeastSignificantBits());
    }
}
