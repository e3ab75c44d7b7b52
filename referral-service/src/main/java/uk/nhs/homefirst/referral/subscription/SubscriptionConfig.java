package uk.nhs.homefirst.referral.subscription;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How Subscription notifications are delivered. */
@ConfigMapping(prefix = "homefirst.subscriptions")
public interface SubscriptionConfig {

    /**
     * Hosts whose endpoints are exempt from {@link EndpointPolicy} (http, loopback, private addresses):
     * none by default; tests and the local stack list {@code localhost} for receivers of their own.
     */
    Optional<List<String>> allowedHosts();

    /** How often owed notifications are looked for. */
    @WithDefault("1s")
    Duration pollInterval();

    /** The pause after a first failed delivery, doubling on each failure up to {@link #backoffMax()}. */
    @WithDefault("2s")
    Duration backoffInitial();

    @WithDefault("10m")
    Duration backoffMax();

    /** After this many failed attempts in a row the Subscription's status is error (delivery goes on). */
    @WithDefault("5")
    int errorAfter();

    /** How long one delivery may take, connection included. */
    @WithDefault("5s")
    Duration timeout();

    /** Notifications delivered per poll. */
    @WithDefault("20")
    int batchSize();
}
