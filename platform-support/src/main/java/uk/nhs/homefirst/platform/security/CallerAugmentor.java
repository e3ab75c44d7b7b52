package uk.nhs.homefirst.platform.security;

import io.quarkus.oidc.UserInfo;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives every authenticated identity its platform roles and scope ({@link Caller}), read from the
 * claims quarkus-oidc verified, at the paths {@link SecurityConfig} names. A provider's role name
 * becomes a platform role only through {@code homefirst.security.role-names}, or by being one.
 */
@ApplicationScoped
public class CallerAugmentor implements SecurityIdentityAugmentor {

    private final SecurityConfig config;

    CallerAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(Caller.ATTRIBUTE) != null) {
            return Uni.createFrom().item(identity);
        }
        Caller caller = caller(identity);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addRoles(caller.roles())
                .addAttribute(Caller.ATTRIBUTE, caller)
                .build());
    }

    Caller caller(SecurityIdentity identity) {
        Function<String, Object> claims = claims(identity);
        SecurityConfig.Claims paths = config.claims();
        Set<String> roles = new HashSet<>();
        for (String name : ClaimPath.read(paths.roles(), claims)) {
            String mapped = config.roleNames().get(name);
            if (mapped != null) {
                roles.add(mapped);
            } else if (Roles.ALL.contains(name)) {
                roles.add(name);
            }
        }
        roles.retainAll(Roles.ALL);
        Set<String> organisations = new HashSet<>();
        ClaimPath.read(paths.organisations(), claims).forEach(code -> organisations.add(code.toUpperCase(Locale.ROOT)));
        Set<String> hubs = Set.copyOf(ClaimPath.read(paths.hubs(), claims));
        Optional<String> ldu = ClaimPath.read(paths.ldu(), claims).stream().findFirst();
        String subject = identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            subject = token.getSubject();
        }
        List<String> names = ClaimPath.read(paths.name(), claims);
        return new Caller(subject, names.isEmpty() ? subject : names.get(0), roles, organisations, hubs, ldu);
    }

    private Function<String, Object> claims(SecurityIdentity identity) {
        if (config.claims().source() == SecurityConfig.Source.USERINFO) {
            UserInfo userInfo = identity.getAttribute("userinfo");
            if (userInfo == null) {
                // Configuration error: UserInfo is fetched only with quarkus.oidc.authentication.user-info-required=true.
                return name -> null;
            }
            return name -> userInfo.getJsonObject().get(name);
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return token::getClaim;
        }
        return name -> null;
    }
}
