package uk.nhs.homefirst.triage.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.triage.rules.PathwayStandards;

/** Builds the pathway standards from configuration once, at startup, so that a typo stops the service. */
@Singleton
public class StandardsProducer {

    private static final Logger LOG = Logger.getLogger(StandardsProducer.class);

    @Produces
    @Singleton
    @Startup
    PathwayStandards pathwayStandards(TriageConfig config) {
        PathwayStandards standards = PathwayStandards.withOverrides(config.standards());
        LOG.infof("Pathway response standards: %s", standards);
        return standards;
    }
}
