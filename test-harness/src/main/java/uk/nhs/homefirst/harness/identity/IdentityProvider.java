package uk.nhs.homefirst.harness.identity;

/**
 * An OpenID Connect provider holding the platform's realm: Keycloak where a JDK 21+ can run it,
 * otherwise {@link LocalIssuer}. Both answer the same endpoints (discovery, JWKS, token, and the
 * few admin calls {@link IdentityClient} makes), so nothing that talks to one knows which it is.
 */
public interface IdentityProvider extends AutoCloseable {

    /** The server's root, such as {@code http://127.0.0.1:8180}. */
    String baseUrl();

    /** What it is, for the logs: "Keycloak 26.5.6 (JDK 25)" or "the local issuer". */
    String description();

    /** The realm's issuer, which is also the services' {@code quarkus.oidc.auth-server-url}. */
    default String issuer() {
        return baseUrl() + "/realms/" + RealmTemplate.REALM;
    }

    /** The process that serves it, to measure or stop. */
    long pid();

    /** The administrator the provider was started with, for {@link IdentityClient#admin}. */
    Credentials admin();

    @Override
    void close();

    record Credentials(String username, String password) {
    }
}
