package uk.nhs.homefirst.triage.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
