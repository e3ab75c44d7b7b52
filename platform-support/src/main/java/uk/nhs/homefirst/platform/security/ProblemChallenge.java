package uk.nhs.homefirst.platform.security;

import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;

/**
 * quarkus-oidc's own mechanism, with two differences: a 401 challenge carries a problem+json body,
 * wherever it is sent from (a path permission, proactive authentication, a REST method); and a call
 * to {@code /api} or {@code /fhir} without a bearer token is answered {@code 401 Bearer}, never with
 * a sign-in redirect, even in a service that also signs people in to a page (quarkus-oidc's
 * {@code hybrid}, which would otherwise take any request without a token for a browser's). The
 * authentication itself, and a page's code-flow redirect, are quarkus-oidc's unchanged.
 */
@ApplicationScoped
public class ProblemChallenge implements HttpAuthenticationMechanism {

    private final OidcAuthenticationMechanism oidc;

    ProblemChallenge(OidcAuthenticationMechanism oidc) {
        this.oidc = oidc;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return oidc.authenticate(context, identityProviderManager);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (isApiCallWithoutBearerToken(context)) {
            // Not the code flow's challenge: it would also set a state cookie for a sign-in nobody starts.
            return Uni.createFrom().item(new ChallengeData(401, HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
        }
        return oidc.getChallenge(context);
    }

    /** A request to the REST or FHIR API that carries no Authorization header: a system's, or a page's script. */
    static boolean isApiCallWithoutBearerToken(RoutingContext context) {
        String path = context.normalizedPath();
        boolean api = path.equals("/api") || path.startsWith("/api/") || path.equals("/fhir") || path.startsWith("/fhir/");
        return api && context.request().getHeader(HttpHeaders.AUTHORIZATION) == null;
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            if (challenge == null || context.response().ended()) {
                return false;
            }
            context.response().setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> context.response().headers().set(name, value));
            if (challenge.status == 401) {
                AccessProblems.write(context, AccessProblems.unauthorized(context));
            }
            return true;
        });
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return oidc.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return oidc.getCredentialTransport(context);
    }

    /** Before quarkus-oidc's, so that its challenge is the one sent. */
    @Override
    public int getPriority() {
        return oidc.getPriority() + 1;
    }
}
