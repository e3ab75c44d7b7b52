package uk.nhs.homefirst.monitor.rest;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.monitor.hub.HubDirectory;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/hubs")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Tag(name = "Targets")
public class HubResource {

    /** A hub as the dashboard names it. */
    public record Hub(String id, String name) {
    }

    /** @param namesReadAt when the names were read from hub-allocation-service; null: hubs are shown by id */
    public record Hubs(List<Hub> hubs, Instant namesReadAt) {
    }

    private final HubDirectory directory;
    private final SecurityIdentity identity;

    HubResource(HubDirectory directory, SecurityIdentity identity) {
        this.directory = directory;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The hubs, with their names",
            description = "The configured hubs and every hub hub-allocation-service lists, named as it names them; "
                    + "UNALLOCATED for clocks no hub held.")
    public Hubs list() {
        String token = accessToken(identity);
        List<Hub> hubs = directory.hubs(token).entrySet().stream().map(e -> new Hub(e.getKey(), e.getValue())).toList();
        return new Hubs(hubs, directory.names(token).readAt());
    }

    /**
     * The caller's access token, passed on to hub-allocation-service: the bearer token of a system, or
     * the access token of a dashboard sign-in. Not the sign-in's ID token, which is for this service
     * alone (its audience is the dashboard's client).
     */
    static String accessToken(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.isAnonymous() ? null : identity.getCredential(AccessTokenCredential.class);
        return credential == null ? null : credential.getToken();
    }
}
