package uk.nhs.homefirst.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "homefirst.idempotency")
public interface IdempotencyConfig {

    /** How long a key and its response are kept: a retry with the key within this time gets the response again. */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a first request holds its key while it is processed. A twin arriving meanwhile gets
     * 409. If the instance died mid-request, a retry after this time processes the request anew.
     */
    @WithDefault("30s")
    Duration inFlightTimeout();

    /** How often expired keys are deleted. */
    @WithDefault("15m")
    Duration cleanupInterval();

    /** How long after start the first cleanup runs. */
    @WithDefault("1m")
    Duration cleanupDelay();
}
