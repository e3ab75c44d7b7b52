package uk.nhs.homefirst.referral.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

@ConfigMapping(prefix = "homefirst.intake")
public interface IntakeConfig {

    /** How far in the past a referrer may state the time a referral was received. */
    @WithDefault("48h")
    Duration maxBackdating();

    /** The zone of dates, such as "today" when judging a date of birth. */
    @WithDefault("Europe/London")
    ZoneId zone();

    /** The writer that commits the referrals arriving together in one transaction ({@link GroupCommit}). */
    Writer writer();

    interface Writer {

        /** How many transactions of referrals may be open at once: while one commits, the next is written. */
        @WithDefault("2")
        int threads();

        /** The most referrals in one transaction. */
        @WithDefault("64")
        int maxBatch();

        /**
         * How long a writer that found fewer than {@code max-batch} referrals waiting waits for more.
         * Zero: it takes what is there, so a referral on its own is written at once; batches still
         * grow with the load, since referrals gather while the previous batch commits.
         */
        @WithDefault("0ms")
        Duration maxWait();

        /** How many referrals may wait for a writer; one more is refused with a 503, to be retried. */
        @WithDefault("1000")
        int queueCapacity();

        /**
         * How long a request waits for its referral to be committed before it is answered 503 with
         * Retry-After. A referral not yet taken by a writer then is never written; one being
         * written at that moment may be, and a retry under the same sourceReferralId or
         * Idempotency-Key then finds it.
         */
        @WithDefault("4s")
        Duration requestTimeout();
    }
}
