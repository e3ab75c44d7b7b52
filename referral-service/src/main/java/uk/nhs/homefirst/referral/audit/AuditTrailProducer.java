package uk.nhs.homefirst.referral.audit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import uk.nhs.homefirst.platform.audit.AuditTrail;

/** The audit trail of patient data, in this service's database (platform-support's {@link AuditTrail}). */
@Singleton
public class AuditTrailProducer {

    @Produces
    @Singleton
    AuditTrail auditTrail(AgroalDataSource dataSource, Clock clock, SecurityIdentity identity, CurrentVertxRequest request) {
        return new AuditTrail(dataSource, clock, identity, request);
    }
}
