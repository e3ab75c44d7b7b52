package uk.nhs.homefirst.platform.health;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import uk.nhs.homefirst.platform.inbox.ConsumerProgress;

/**
 * Where the health of a service's messaging counts. Where consuming is the service's job (triage,
 * hub allocation), a stalled consumer makes it not ready: build property
 * {@code homefirst.health.messaging=readiness}, the default. Where it is not (referral-service,
 * whose job is intake, which the outbox keeps going while Kafka is down), it is a wellness check:
 * {@code homefirst.health.messaging=wellness}, shown in {@code /q/health} but not in readiness.
 */
@ApplicationScoped
public class MessagingHealth {

    @Produces
    @Readiness
    @Singleton
    @IfBuildProperty(name = "homefirst.health.messaging", stringValue = "readiness", enableIfMissing = true)
    HealthCheck consumersForReadiness(ConsumerProgress progress) {
        return progress::check;
    }

    @Produces
    @Wellness
    @Singleton
    @IfBuildProperty(name = "homefirst.health.messaging", stringValue = "wellness")
    HealthCheck consumersForWellness(ConsumerProgress progress) {
        return progress::check;
    }
}
