package uk.nhs.homefirst.referral.benchmark;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

/**
 * Only in a build with the {@code benchmark} profile (referral-service/benchmark/run builds one apart
 * for it; the service's own build never has this bean): every request is the referrer of the
 * benchmark's practice, without a token, so that the intake's latency can be measured with and
 * without token validation on the same settings.
 */
@IfBuildProfile("benchmark")
@ApplicationScoped
public class WithoutTokens implements HttpAuthenticationMechanism {

    /** The practice the benchmark refers for (ReferralBenchmark's payload). */
    static final String ODS = "C82001";

    private static final SecurityIdentity REFERRER = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("benchmark"))
            .addRole(Roles.REFERRER)
            .addAttribute(Caller.ATTRIBUTE, new Caller("benchmark", "benchmark", Set.of(Roles.REFERRER), Set.of(ODS),
                    Set.of(), Optional.empty()))
            .build();

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return Uni.createFrom().item(REFERRER);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return 5000;
    }
}
