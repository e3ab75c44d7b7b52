package uk.nhs.homefirst.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Where the platform finds a caller's roles and scope, so that the services run against Keycloak,
 * NHS CIS2 or Entra ID by configuration only. A claim path names a claim, and with {@code /} a
 * field inside it; an array on the way is read element by element ({@code nhsid_nrbac_roles/org_code}
 * reads the organisation of each of a CIS2 user's roles).
 */
@ConfigMapping(prefix = "homefirst.security")
public interface SecurityConfig {

    Claims claims();

    /**
     * The provider's role names and what platform role each is: for example
     * {@code homefirst.security.role-names."S8000:G8000:R8000"=ldu-clinician} for a CIS2 national
     * RBAC role, or {@code ..."HomeFirst.Referrer"=referrer} for an Entra app role. A name that is
     * already a platform role needs no entry.
     */
    Map<String, String> roleNames();

    interface Claims {

        /** {@code token}: the access token's claims; {@code userinfo}: the provider's UserInfo (NHS CIS2). */
        @WithDefault("token")
        Source source();

        @WithDefault("roles")
        String roles();

        /** The ODS codes of the organisations a referrer may act for. */
        @WithDefault("ods")
        String organisations();

        @WithDefault("hubs")
        String hubs();

        @WithDefault("ldu")
        String ldu();

        /** A name to show beside the subject in the audit trail. */
        @WithDefault("preferred_username")
        String name();
    }

    enum Source {
        TOKEN, USERINFO
    }
}
