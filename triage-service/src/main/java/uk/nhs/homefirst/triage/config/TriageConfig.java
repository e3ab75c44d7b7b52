package uk.nhs.homefirst.triage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.triage.rules.PathwayStandards;

@ConfigMapping(prefix = "homefirst.triage")
public interface TriageConfig {

    /**
     * The response standard of each pathway: a {@link uk.nhs.homefirst.events.ResponseStandard} name
     * or {@code NONE}, for example {@code homefirst.triage.standards.neighbourhood-nursing=TWO_DAY}
     * or {@code HOMEFIRST_TRIAGE_STANDARDS_NEIGHBOURHOOD_NURSING=TWO_DAY}.
     * A pathway not listed keeps its default from {@link PathwayStandards#DEFAULTS}.
     */
    Map<Pathway, String> standards();

    Queue queue();

    /**
     * A file of postcode districts and their LDUs ({@code district,ldu,where}, as the built-in
     * {@code ldu/districts.csv}) to route by instead of the built-in table; read at start.
     */
    @WithName("ldu-routes")
    Optional<String> lduRoutes();

    /** How long a clinician's claim on a case holds without a decision or a release. */
    @WithName("claim-duration")
    @WithDefault("30m")
    Duration claimDuration();

    /**
     * When the LDUs have clinicians on duty: one set of hours for every LDU, and any LDU's own
     * ({@code homefirst.triage.opening-hours.ldus.city.opens=07:00}). A referral received while its
     * LDU is closed is out of hours, and comes first on the queue. Clocks never pause for them.
     */
    @WithName("opening-hours")
    Hours openingHours();

    interface Hours {

        @WithDefault("08:00")
        LocalTime opens();

        @WithDefault("20:00")
        LocalTime closes();

        @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY")
        Set<DayOfWeek> days();

        @WithDefault("Europe/London")
        ZoneId zone();

        /** An LDU's own hours, by LDU id; what it leaves out is the hours above. */
        Map<String, LduHours> ldus();
    }

    interface LduHours {

        Optional<LocalTime> opens();

        Optional<LocalTime> closes();

        Optional<Set<DayOfWeek>> days();
    }

    interface Queue {

        /** The page size of the triage queue when the caller asks for none. */
        @WithName("default-size")
        @WithDefault("50")
        int defaultSize();

        /** The largest page a caller may ask for. */
        @WithName("max-size")
        @WithDefault("200")
        int maxSize();

        /** A case still without a decision this long after its receipt waits for a person. */
        @WithName("undecided-after")
        @WithDefault("15m")
        Duration undecidedAfter();
    }
}
