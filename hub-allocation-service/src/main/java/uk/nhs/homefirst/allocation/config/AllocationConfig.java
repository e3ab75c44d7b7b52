package uk.nhs.homefirst.allocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "homefirst.allocation")
public interface AllocationConfig {

    /** The name this service records processed events under, and its Kafka consumer group. */
    String CONSUMER = "hub-allocation-service";

    /**
     * How far in the future a visit or allocation time may be, for the clocks of the devices hub
     * staff record them on.
     */
    @WithDefault("2m")
    Duration clockSkewTolerance();
}
