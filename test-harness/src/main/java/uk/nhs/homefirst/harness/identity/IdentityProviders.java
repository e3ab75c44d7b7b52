package uk.nhs.homefirst.harness.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import uk.nhs.homefirst.harness.KafkaBroker;

/**
 * Starts the platform's identity provider: Keycloak when its distribution and a JDK 21+ are there,
 * otherwise the {@link LocalIssuer}, saying why. The realm's client secrets are made here, at
 * each start, and handed to whoever needs them (the dashboard, the demo), never written in the
 * repository.
 */
public final class IdentityProviders {

    /** The Keycloak distribution zip, as Maven resolves it ({@code org.keycloak:keycloak-quarkus-dist:zip}). */
    public static final String DISTRIBUTION_PROPERTY = "homefirst.keycloak.dist";
    public static final String DISTRIBUTION_VARIABLE = "HOMEFIRST_KEYCLOAK_DIST";

    private IdentityProviders() {
    }

    /** The provider with the realm made, and the secrets of the realm's confidential clients. */
    public record Started(IdentityProvider provider, String dashboardSecret, String demoSecret, String userPassword,
            String whyNotKeycloak) {

        /** The values of the realm file's placeholders. */
        static Map<String, String> realmValues(String dashboardUrl, String dashboardSecret, String demoSecret) {
            return Map.of("HOMEFIRST_DASHBOARD_URL", dashboardUrl, "HOMEFIRST_DASHBOARD_CLIENT_SECRET", dashboardSecret,
                    "HOMEFIRST_DEMO_CLIENT_SECRET", demoSecret);
        }
    }

    /**
     * @param port         its HTTP port, 0 for any free one
     * @param dashboardUrl where the ops dashboard runs, the only place its sign-in may return to
     * @param log          Keycloak's log file
     */
    public static Started start(int port, String dashboardUrl, Path log) {
        return start(port, dashboardUrl, Secrets.random(), log);
    }

    /**
     * The same, with the dashboard client's secret made by the caller ({@link #newSecret()}), so that
     * the target monitor can be given it while the provider is still starting.
     */
    public static Started start(int port, String dashboardUrl, String dashboardSecret, Path log) {
        String demoSecret = Secrets.random();
        Map<String, String> values = Started.realmValues(dashboardUrl, dashboardSecret, demoSecret);
        int chosen = port == 0 ? KafkaBroker.freePort() : port;
        Optional<Path> distribution = distribution();
        Optional<JavaHome> java = JavaHome.forKeycloak();
        if (distribution.isPresent() && java.isPresent()) {
            KeycloakServer keycloak = KeycloakServer.start(distribution.get(), cacheDirectory(), java.get(), chosen, log,
                    values, Duration.ofMinutes(3));
            return new Started(keycloak, dashboardSecret, demoSecret, Secrets.random(), null);
        }
        String why = distribution.isEmpty()
                ? "the Keycloak distribution was not found (set " + DISTRIBUTION_VARIABLE + " to keycloak-quarkus-dist-<version>.zip)"
                : "no JDK " + JavaHome.KEYCLOAK_MINIMUM + "+ was found for Keycloak (set HOMEFIRST_KEYCLOAK_JAVA_HOME)";
        return new Started(LocalIssuer.start(chosen, values), dashboardSecret, demoSecret, Secrets.random(), why);
    }

    /** A random secret for a client of the realm, made afresh at each start. */
    public static String newSecret() {
        return Secrets.random();
    }

    static Optional<Path> distribution() {
        String configured = System.getProperty(DISTRIBUTION_PROPERTY, System.getenv(DISTRIBUTION_VARIABLE));
        return Optional.ofNullable(configured).filter(s -> !s.isBlank()).map(Path::of).filter(Files::isRegularFile);
    }

    /** Where Keycloak is unpacked once: {@code HOMEFIRST_CACHE_DIR}, else {@code ~/.cache/homefirst}. */
    static Path cacheDirectory() {
        String configured = System.getenv("HOMEFIRST_CACHE_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "homefirst");
    }
}
