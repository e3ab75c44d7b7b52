package uk.nhs.homefirst.allocation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Each hub's default daily capacity of new referrals per pathway, {@code capacity.<hub>.<PATHWAY>=n}.
     * A pathway with none is unlimited; admin's changes (PUT /api/hubs/{hubId}/capacity) win.
     */
    Map<String, Map<String, Integer>> capacity();

    /** Each hub's overflow order, {@code overflow.<hub>=<hub>,<hub>}: the hubs that take its new referrals when it is full. */
    Map<String, List<String>> overflow();

    /**
     * A file of GP practices and their hubs ({@code ods_code,hub,practice}) that replaces the one shipped
     * ({@code localities/gp-practices.csv}, which lists none): the deployment's ICB practice list.
     */
    Optional<String> practicesFile();

    /**
     * A file of postcode districts and their hubs ({@code district,hub,partly_llr,where}) that replaces
     * the one shipped ({@code localities/postcode-districts.csv}).
     */
    Optional<String> districtsFile();
}
