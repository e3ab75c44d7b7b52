package uk.nhs.homefirst.platform.audit;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.security.Roles;

/**
 * {@code GET /api/audit}: the trail, for admin, in every service that keeps one. A service with no
 * database (the target monitor) builds without it: {@code homefirst.audit.enabled=false}.
 */
@IfBuildProperty(name = "homefirst.audit.enabled", stringValue = "true", enableIfMissing = true)
@Path("/api/audit")
@Tag(name = "Audit")
public class AuditResource {

    private final AuditTrail trail;

    AuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The audit trail", description = "Who read or changed which referrals, when and from where, "
            + "newest first: of one referral and of one subject when given; size 1 to 500, default 100.")
    @APIResponse(responseCode = "200", description = "The lines")
    @APIResponse(responseCode = "400", description = "Invalid parameters, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<AuditEvent> find(@QueryParam("referralId") String referralId, @QueryParam("subject") String subject,
            @QueryParam("size") String size) {
        return trail.query(referralId, subject, size);
    }
}
