package uk.nhs.homefirst.monitor.topology;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the board is restored and the input read up to where it stood: until then the figures would be old. */
@Readiness
@ApplicationScoped
public class CaughtUpCheck implements HealthCheck {

    private final CatchUp catchUp;

    CaughtUpCheck(CatchUp catchUp) {
        this.catchUp = catchUp;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Target monitor caught up with the topics")
                .status(catchUp.caughtUp())
                .withData("recordsBehind", catchUp.lag())
                .build();
    }
}
