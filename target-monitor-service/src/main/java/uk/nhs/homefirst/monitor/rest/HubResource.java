package uk.nhs.homefirst.monitor.rest;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.monitor.hub.HubDirectory;

@Path("/api/hubs")
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
    public Hubs list(@HeaderParam("Authorization") String authorization) {
        String token = accessToken(identity, authorization);
        List<Hub> hubs = directory.hubs(token).entrySet().stream().map(e -> new Hub(e.getKey(), e.getValue())).toList();
        return new Hubs(hubs, directory.names(token).readAt());
    }

    /** The caller's access token, passed on to hub-allocation-service: from the sign-in, or the bearer header. */
    static String accessToken(SecurityIdentity identity, String authorization) {
        TokenCredential credential = identity.isAnonymous() ? null : identity.getCredential(TokenCredential.class);
        if (credential != null) {
            return credential.getToken();
        }
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }
}
