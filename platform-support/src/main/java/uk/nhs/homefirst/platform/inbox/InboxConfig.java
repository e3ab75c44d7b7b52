package uk.nhs.homefirst.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a consumer waits out a fault of a dependency: it tries the same records again, pausing twice
 * as long each time up to {@link #maxPause()}, for as long as the fault lasts. It never gives up on a
 * record that is not poison.
 */
@ConfigMapping(prefix = "homefirst.consumer")
public interface InboxConfig {

    /** The pause after the first failed attempt. */
    @WithDefault("200ms")
    Duration initialPause();

    /** The longest pause: at most this long after a dependency is back, the consumer is going again. */
    @WithDefault("5s")
    Duration maxPause();

    /**
     * How long stopping the application waits for the batches under way to commit or roll back,
     * before Hibernate ORM and the datasource close. Shorter than the platform's termination grace
     * period, less {@code quarkus.shutdown.timeout} (the wait for HTTP requests, which comes first).
     */
    @WithDefault("10s")
    Duration shutdownDrain();

    /** How long a dead letter may take to be acknowledged by the broker before the attempt counts as failed. */
    @WithDefault("10s")
    Duration deadLetterTimeout();
}
