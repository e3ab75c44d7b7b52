package uk.nhs.homefirst.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.nhs.homefirst.events.ResponseStandard;

@ConfigMapping(prefix = "homefirst.monitor")
public interface MonitorConfig {

    /** Each response standard's clock duration, at-risk margin and alert threshold. */
    Map<ResponseStandard, StandardConfig> standards();

    /** The hubs always shown, even before any clock counts for them. */
    @WithDefault("city-north-west,city-south-east,charnwood-nwl,hinckley-bosworth,melton-rutland,south-leicestershire")
    List<String> hubs();

    /** Day and month boundaries are those of this zone; times are kept in UTC. */
    @WithDefault("Europe/London")
    ZoneId zone();

    /**
     * How long a referral stays in the state after its last clock resolved (or its last event, when
     * it has no clock), to take late corrections: the month to date, then the two months in which a
     * finalised month may still be revised, and the time a visit may be voided or corrected within.
     * An event for a referral that has left is written to the late-events topic instead.
     */
    @WithDefault("92d")
    Duration latenessHorizon();

    /** How often due clocks are looked at: announcements and alert judgements are at most this late. */
    @WithDefault("250ms")
    Duration tickInterval();

    Alerts alerts();

    Topics topics();

    HubDirectory hubDirectory();

    Figures figures();

    interface StandardConfig {
        /** How long the clock runs: 2 hours, 48 hours, 18 weeks. */
        Duration duration();

        /** A pending clock with less than this left is at risk. */
        Duration atRisk();

        /** The percentage below which an alert is raised. */
        BigDecimal alertThreshold();
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
        BigDecimal hysteresis();

        /** How long resolved alerts and at-risk warnings are listed by GET /api/alerts. */
        @WithDefault("7d")
        Duration recent();
    }

    /** The daily, weekly and monthly figures. */
    interface Figures {
        /**
         * How long after a calendar month ends (Europe/London) its figures are finalised: a change
         * after that is recorded as a revision.
         */
        @WithDefault("1h")
        Duration finaliseAfter();

        /** How many weeks of weekly figures are kept: a year. */
        @WithDefault("53")
        int weeksKept();

        /** How many months of monthly figures are kept. */
        @WithDefault("25")
        int monthsKept();
    }

    /** Where the hubs' names are kept: hub-allocation-service, which owns the list of hubs. */
    interface HubDirectory {
        /** Its base URL; without one, hubs are shown by id. */
        Optional<URI> url();

        /** How long names read are used before they are read again. */
        @WithDefault("5m")
        Duration refresh();
    }

    /** The monitor's own topics; it creates them when they are missing. */
    interface Topics {
        /** Compacted: per referral, its clocks that count now. Every instance serves its figures from it. */
        @WithDefault("target-monitor.board")
        String board();

        /** Compacted: open alerts, and alerts and warnings of the recent period. */
        @WithDefault("target-monitor.alert-list")
        String alertList();

        /** Events that came after their referral left the state, with the reason. */
        @WithDefault("target-monitor.late-events")
        String lateEvents();

        /** Compacted: the daily, weekly and monthly figures. Every instance serves them from it. */
        @WithDefault("target-monitor.figures")
        String figures();
    }
}
