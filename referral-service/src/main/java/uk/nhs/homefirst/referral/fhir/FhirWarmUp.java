package uk.nhs.homefirst.referral.fhir;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness waits for the FHIR warm-up: until HAPI has loaded the R4 structure definitions, a FHIR
 * submission would wait seconds (a minute on a loaded machine) and its client time out. So the
 * service says it is not ready rather than accept what it cannot answer in time; the JSON door
 * waits with it, for the few seconds of the warm-up.
 *
 * <p>The check only reads a flag, so it answers at once whatever the warm-up thread is doing: a probe
 * never waits on HAPI.
 */
@Readiness
@Singleton
public class FhirWarmUp implements HealthCheck {

    static final String NAME = "FHIR validator";

    private volatile boolean done;

    /** The warm-up ended, whether or not it got through: a failed one leaves the work to the first request. */
    void finished() {
        done = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(done).withData("warmedUp", done).build();
    }
}
