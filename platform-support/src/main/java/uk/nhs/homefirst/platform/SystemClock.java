package uk.nhs.homefirst.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * "Now", for everything that needs it, to the microsecond: PostgreSQL keeps microseconds, so a time
 * stored and the same time sent in an event agree. Tests replace it with a clock they can move.
 */
@Singleton
public class SystemClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1000));
    }
}
