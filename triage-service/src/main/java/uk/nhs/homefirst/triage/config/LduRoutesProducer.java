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
import org.jboss.logging.Logger;
import uk.nhs.homefirst.triage.routing.LduRoutes;

/** Reads the district-to-LDU table once, at startup, so that a wrong row stops the service. */
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

    private static LduRoutes read(String file) {
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            return LduRoutes.read(reader, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the LDU routes " + file, e);
        }
    }
}
