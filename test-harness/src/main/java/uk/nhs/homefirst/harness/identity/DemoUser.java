package uk.nhs.homefirst.harness.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A person of the demo realm: one role of the platform and its scope. The scope travels in the
 * token as the claims {@code ods} (the organisations a referrer acts for), {@code hubs} and
 * {@code ldu}, the names the services read by default.
 *
 * @param role one of {@link #ROLES}
 */
public record DemoUser(String role, List<String> ods, List<String> hubs, String ldu) {

    public static final Set<String> ROLES = Set.of("referrer", "ldu-clinician", "hub-staff", "ops", "admin");

    public DemoUser {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "'; the roles are " + new java.util.TreeSet<>(ROLES));
        }
        ods = List.copyOf(ods);
        hubs = List.copyOf(hubs);
    }

    /** The user of that role the local stack makes for the demo: its scope a practice, a hub, an LDU. */
    public static DemoUser standard(String role) {
        return switch (role) {
            case "referrer" -> new DemoUser(role, List.of("C82001"), List.of(), null);
            case "ldu-clinician" -> new DemoUser(role, List.of(), List.of(), "county-and-rutland");
            case "hub-staff" -> new DemoUser(role, List.of(), List.of("charnwood-nwl"), null);
            default -> new DemoUser(role, List.of(), List.of(), null);
        };
    }

    /** One user per role and scope: {@code referrer.C82001}, {@code hub-staff.charnwood-nwl}, {@code ops}. */
    public String username() {
        StringBuilder name = new StringBuilder(role);
        ods.forEach(code -> name.append('.').append(code));
        hubs.forEach(hub -> name.append('.').append(hub));
        if (ldu != null) {
            name.append('.').append(ldu);
        }
        return name.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The user's attributes, which the realm's mappers put in the token. */
    public Map<String, List<String>> attributes() {
        Map<String, List<String>> attributes = new TreeMap<>();
        if (!ods.isEmpty()) {
            attributes.put("ods", ods);
        }
        if (!hubs.isEmpty()) {
            attributes.put("hubs", hubs);
        }
        if (ldu != null) {
            attributes.put("ldu", List.of(ldu));
        }
        return attributes;
    }
}
