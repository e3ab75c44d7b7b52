package uk.nhs.homefirst.triage.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.triage.routing.LduOpeningHours;
import uk.nhs.homefirst.triage.routing.LduRoutes;
import uk.nhs.homefirst.triage.routing.OpeningHours;

/** Reads the district-to-LDU table and the LDUs' hours once, at startup, so that a wrong row stops the service. */
@Singleton
public class LduRoutesProducer {

    private static final Logger LOG = Logger.getLogger(LduRoutesProducer.class);

    @Produces
    @Singleton
    @Startup
    LduRoutes lduRoutes(TriageConfig config) {
        LduRoutes routes = config.lduRoutes().map(LduRoutesProducer::read).orElseGet(LduRoutes::builtIn);
        LOG.infof("LDU routes (%s): %s", config.lduRoutes().orElse(LduRoutes.BUILT_IN), routes);
        return routes;
    }

    @Produces
    @Singleton
    @Startup
    LduOpeningHours openingHours(TriageConfig config, LduRoutes routes) {
        return openingHours(config.openingHours(), routes);
    }

    static LduOpeningHours openingHours(TriageConfig.Hours hours, LduRoutes routes) {
        OpeningHours common = new OpeningHours(hours.opens(), hours.closes(), hours.days(), hours.zone());
        Map<String, OpeningHours> byLdu = hours.ldus().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new OpeningHours(e.getValue().opens().orElse(common.opens()),
                        e.getValue().closes().orElse(common.closes()), e.getValue().days().orElse(common.days()),
                        common.zone())));
        LduOpeningHours result = new LduOpeningHours(common, byLdu, routes.ldus());
        LOG.infof("LDU opening hours: %s, and by LDU %s", common, byLdu);
        return result;
    }

    private static LduRoutes read(String file) {
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            return LduRoutes.read(reader, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the LDU routes " + file, e);
        }
    }
}
