package uk.nhs.homefirst.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a consumer retries an event that failed for a reason that may pass. */
@ConfigMapping(prefix = "homefirst.consumer-retry")
public interface RetryConfig {

    @WithDefault("500ms")
    Duration initialPause();

    @WithDefault("30s")
    Duration maxPause();

    /** After this, the record goes to the dead-letter topic, from where it can be replayed. */
    @WithDefault("10m")
    Duration giveUpAfter();
}
