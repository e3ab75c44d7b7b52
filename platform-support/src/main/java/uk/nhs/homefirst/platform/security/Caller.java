package uk.nhs.homefirst.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, in the platform's terms, as {@link CallerAugmentor} read it from the verified
 * token (or UserInfo): the subject, the platform roles, and the scope of those roles.
 *
 * @param subject       the token's {@code sub}: who, in the audit trail
 * @param name          a name to show, such as {@code preferred_username}; may equal the subject
 * @param roles         the platform roles ({@link Roles}), already mapped from the provider's names
 * @param organisations the ODS codes a referrer may act for
 * @param hubs          the hubs of hub staff
 * @param ldu           the Locality Decision Unit of an LDU clinician
 */
public record Caller(String subject, String name, Set<String> roles, Set<String> organisations, Set<String> hubs,
        Optional<String> ldu) {

    /** The attribute of the {@link SecurityIdentity} that holds it. */
    public static final String ATTRIBUTE = "homefirst.caller";

    public Caller {
        roles = Set.copyOf(roles);
        organisations = Set.copyOf(organisations);
        hubs = Set.copyOf(hubs);
    }

    /** The caller of an authenticated request. */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no caller: the request was not authenticated");
        }
        return caller;
    }

    public boolean is(String role) {
        return roles.contains(role);
    }

    public boolean actsFor(String odsCode) {
        return odsCode != null && organisations.contains(odsCode.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean worksAtAny(Collection<String> someHubs) {
        return someHubs.stream().anyMatch(hubs::contains);
    }

    public boolean worksAt(String hub) {
        return hub != null && hubs.contains(hub);
    }

    public boolean worksInLdu(String anLdu) {
        return anLdu != null && ldu.filter(anLdu::equals).isPresent();
    }
}
