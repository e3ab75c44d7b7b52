package uk.nhs.homefirst.harness.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One request of the security test: an endpoint of the access table, called by a role with a good
 * token, with a bad one, or with none, and the status it must get. Generated from the table, so
 * that every endpoint meets every role in every way a token can be wrong.
 */
public record AccessCase(AccessTable.Row row, String role, Variant variant, Optional<String> token, int expected) {

    public enum Variant {
        /** A good token of the role, scoped to what the test's fixtures belong to. */
        IN_SCOPE,
        NO_TOKEN,
        EXPIRED,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        /** Signed by a key the issuer never published. */
        FORGED,
        /** A good token for another organisation. */
        OTHER_ODS,
        /** A good token for another hub. */
        OTHER_HUB,
        /** A good token for the other LDU. */
        OTHER_LDU
    }

    /** What the fixtures belong to, and what they do not. */
    public record Scope(String ods, String hub, String ldu, String otherOds, String otherHub, String otherLdu) {
    }

    @Override
    public String toString() {
        return row.endpoint() + " as " + role + ", " + variant.name().toLowerCase().replace('_', ' ') + " -> " + expected;
    }

    /** Every case of the table: each endpoint, each role, each variant. */
    public static List<AccessCase> all(AccessTable table, Scope scope) {
        List<AccessCase> cases = new ArrayList<>();
        for (AccessTable.Row row : table.rows()) {
            row.roles().forEach((role, access) -> {
                for (Variant variant : Variant.values()) {
                    cases.add(of(row, role, access, variant, scope));
                }
            });
        }
        return cases;
    }

    private static AccessCase of(AccessTable.Row row, String role, AccessTable.Access access, Variant variant, Scope scope) {
        TestTokens.Spec good = TestTokens.Spec.of(role).ods(scope.ods()).hubs(scope.hub()).ldu(scope.ldu());
        int allowed = access == AccessTable.Access.NONE ? 403 : row.answers();
        return switch (variant) {
            case IN_SCOPE -> new AccessCase(row, role, variant, Optional.of(good.token()), allowed);
            case NO_TOKEN -> new AccessCase(row, role, variant, Optional.empty(), 401);
            case EXPIRED -> new AccessCase(row, role, variant,
                    Optional.of(good.expiresAt(Instant.now().minus(Duration.ofMinutes(10))).token()), 401);
            case WRONG_ISSUER -> new AccessCase(row, role, variant,
                    Optional.of(good.issuer("https://another-issuer.example.org").token()), 401);
            case WRONG_AUDIENCE -> new AccessCase(row, role, variant, Optional.of(good.audience("another-service").token()), 401);
            case FORGED -> new AccessCase(row, role, variant, Optional.of(good.forged().token()), 401);
            case OTHER_ODS -> new AccessCase(row, role, variant, Optional.of(good.ods(scope.otherOds()).token()),
                    access == AccessTable.Access.OWN_ODS ? 403 : allowed);
            case OTHER_HUB -> new AccessCase(row, role, variant, Optional.of(good.hubs(scope.otherHub()).token()),
                    access == AccessTable.Access.OWN_HUBS ? 403 : allowed);
            case OTHER_LDU -> new AccessCase(row, role, variant, Optional.of(good.ldu(scope.otherLdu()).token()),
                    access == AccessTable.Access.OWN_LDU ? 403 : allowed);
        };
    }
}
