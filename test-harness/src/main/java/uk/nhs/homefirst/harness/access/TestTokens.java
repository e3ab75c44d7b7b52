package uk.nhs.homefirst.harness.access;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Access tokens for the services' module tests, signed by the key of Quarkus's OIDC test server
 * ({@code quarkus-test-oidc-server}'s {@code OidcWiremockTestResource}, which serves its discovery
 * document and keys), with the claims the platform's realm gives: {@code roles}, {@code ods},
 * {@code hubs}, {@code ldu}. The services verify them with quarkus-oidc, as they verify Keycloak's.
 * Besides good tokens, the bad ones a test needs: expired, from another issuer, for another
 * audience, or signed by a key the issuer never published.
 */
public final class TestTokens {

    /** The issuer of {@code OidcWiremockTestResource}'s discovery document. */
    public static final String ISSUER = System.getProperty("quarkus.test.oidc.token.issuer", "https://server.example.com");
    public static final String AUDIENCE = "home-first";

    private static Key signingKey;
    private static PrivateKey forgingKey;

    private TestTokens() {
    }

    /** What a token is like: a role, its scope, and what may be wrong with it. */
    public record Spec(String subject, String role, List<String> ods, List<String> hubs, String ldu, String issuer,
            String audience, Instant expiresAt, boolean signedByAnotherKey) {

        public static Spec of(String role) {
            return new Spec("test-" + role, role, List.of(), List.of(), null, ISSUER, AUDIENCE,
                    Instant.now().plus(Duration.ofHours(2)), false);
        }

        public Spec ods(String... codes) {
            return new Spec(subject, role, List.of(codes), hubs, ldu, issuer, audience, expiresAt, signedByAnotherKey);
        }

        public Spec hubs(String... ids) {
            return new Spec(subject, role, ods, List.of(ids), ldu, issuer, audience, expiresAt, signedByAnotherKey);
        }

        public Spec ldu(String id) {
            return new Spec(subject, role, ods, hubs, id, issuer, audience, expiresAt, signedByAnotherKey);
        }

        public Spec subject(String name) {
            return new Spec(name, role, ods, hubs, ldu, issuer, audience, expiresAt, signedByAnotherKey);
        }

        public Spec issuer(String other) {
            return new Spec(subject, role, ods, hubs, ldu, other, audience, expiresAt, signedByAnotherKey);
        }

        public Spec audience(String other) {
            return new Spec(subject, role, ods, hubs, ldu, issuer, other, expiresAt, signedByAnotherKey);
        }

        public Spec expiresAt(Instant when) {
            return new Spec(subject, role, ods, hubs, ldu, issuer, audience, when, signedByAnotherKey);
        }

        public Spec forged() {
            return new Spec(subject, role, ods, hubs, ldu, issuer, audience, expiresAt, true);
        }

        public String token() {
            return TestTokens.sign(this);
        }
    }

    public static String referrer(String... ods) {
        return Spec.of("referrer").ods(ods).token();
    }

    public static String hubStaff(String... hubs) {
        return Spec.of("hub-staff").hubs(hubs).token();
    }

    public static String lduClinician(String ldu) {
        return Spec.of("ldu-clinician").ldu(ldu).token();
    }

    public static String of(String role) {
        return Spec.of(role).token();
    }

    static String sign(Spec spec) {
        Instant issuedAt = spec.expiresAt().isBefore(Instant.now()) ? spec.expiresAt().minus(Duration.ofMinutes(5))
                : Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(spec.issuer())
                .audience(spec.audience())
                .subject(spec.subject())
                .preferredUserName(spec.subject())
                .issuedAt(issuedAt)
                .expiresAt(spec.expiresAt())
                .claim("jti", UUID.randomUUID().toString())
                .claim("roles", List.of(spec.role()));
        if (!spec.ods().isEmpty()) {
            claims.claim("ods", spec.ods());
        }
        if (!spec.hubs().isEmpty()) {
            claims.claim("hubs", spec.hubs());
        }
        if (spec.ldu() != null) {
            claims.claim("ldu", spec.ldu());
        }
        return claims.jws().keyId("1").sign(spec.signedByAnotherKey() ? forgingKey() : (PrivateKey) signingKey());
    }

    private static synchronized Key signingKey() {
        if (signingKey == null) {
            try {
                signingKey = KeyUtils.readSigningKey("privateKey.jwk", "1");
            } catch (IOException e) {
                throw new UncheckedIOException("privateKey.jwk of quarkus-test-oidc-server is not on the classpath", e);
            }
        }
        return signingKey;
    }

    private static synchronized PrivateKey forgingKey() {
        if (forgingKey == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                forgingKey = generator.generateKeyPair().getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return forgingKey;
    }
}
