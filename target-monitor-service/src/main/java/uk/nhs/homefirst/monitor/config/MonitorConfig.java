package uk.nhs.homefirst.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import uk.nhs.homefirst.events.ResponseStandard;

@ConfigMapping(prefix = "homefirst.monitor")
public interface MonitorConfig {

    /** Each response standard's clock duration and at-risk margin. */
    Map<ResponseStandard, StandardConfig> standards();

    /** The hubs always shown, even before any clock counts for them. */
    @WithDefault("city-north-west,city-south-east,charnwood-nwl,hinckley-bosworth,melton-rutland,south-leicestershire")
    List<String> hubs();

    /** Day and month boundaries are those of this zone; times are kept in UTC. */
    @WithDefault("Europe/London")
    ZoneId zone();

    Consumer consumer();

    /**
     * The compacted topic the owner of each referral publishes its clocks to, and every instance
     * reads its board from.
     */
    @WithDefault("target-monitor.response-clocks")
    String changelogTopic();

    /** How often time is moved forward: alerts and clocks at risk are announced at most this late. */
    @WithDefault("1s")
    Duration tickInterval();

    Alerts alerts();

    interface StandardConfig {
        /** How long the clock runs: 2 hours, 48 hours, 18 weeks. */
        Duration duration();

        /** A pending clock with less than this left is at risk. */
        Duration atRisk();

        /** The percentage below which an alert is raised. */
        java.math.BigDecimal alertThreshold();
    }

    interface Alerts {
        /** The window alerts judge the percentage over: 24h, 7d, 28d or month-to-date. */
        @WithDefault("24h")
        String window();

        /** How many clocks must have resolved in the window before a percentage can raise an alert. */
        @WithDefault("5")
        int minimumResolved();

        /** An alert resolves when the percentage is back at or above the threshold plus this. */
        @WithDefault("5")
        java.math.BigDecimal hysteresis();

        /** How long resolved alerts and at-risk warnings are listed by GET /api/alerts. */
        @WithDefault("7d")
        Duration recent();
    }

    interface Consumer {
        @WithDefault("target-monitor-service")
        String groupId();

        @WithDefault("2000")
        int maxPollRecords();

        /**
         * Threads turning the events of this instance's partitions into histories, each for its share
         * of the partitions, while one thread polls Kafka: a replay reads every event again.
         */
        @WithDefault("2")
        int readers();

        /**
         * How long the broker may hold a fetch that finds nothing new. While it holds one, no other
         * fetch of this instance goes to that broker, so a replay would wait this long for records it
         * could already read; short, at the cost of a few empty fetches a second when all is quiet.
         */
        @WithDefault("50ms")
        Duration fetchMaxWait();

        /**
         * How long the group waits for a silent instance before giving its partitions to the others:
         * the longest a crashed instance's referrals go unowned. The broker's minimum is 6s.
         */
        @WithDefault("15s")
        Duration sessionTimeout();
    }
}
