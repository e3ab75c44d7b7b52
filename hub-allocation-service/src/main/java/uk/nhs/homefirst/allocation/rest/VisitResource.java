package uk.nhs.homefirst.allocation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.allocation.visit.VisitRequest;
import uk.nhs.homefirst.allocation.visit.Visits;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/visits")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
public class VisitResource {

    private final Visits visits;
    private final SecurityIdentity identity;
    private final AuditTrail audit;

    VisitResource(Visits visits, SecurityIdentity identity, AuditTrail audit) {
        this.visits = visits;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a visit", description = "Records a visit for the caller's hub, which must have held "
            + "the referral at the visit time (the hub recorded then) or hold it now, and announces VisitRecorded on "
            + "the visits topic. visitedAt must carry an offset and may be neither in the "
            + "future nor before the referral was received. Only ATTENDED stops a response clock.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the visit")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not hub staff of a hub that held the referral at the visit time "
            + "or holds it now", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral is not allocated to a hub yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public Response record(VisitRequest request, @Context UriInfo uri) {
        // One transaction: the visit, its event and its audit line are written together or not at all.
        Visit visit = visits.record(request, Caller.of(identity));
        audit.record("visit.create", "visit=" + visit.id, List.of(visit.referralId));
        return Response.created(uri.getAbsolutePathBuilder().path(visit.id.toString()).build())
                .entity(VisitView.of(visit))
                .build();
    }

    @GET
    @Path("{visitId}")
    @RolesAllowed({Roles.HUB_STAFF, Roles.ADMIN})
    @Operation(summary = "Read a visit back")
    @APIResponse(responseCode = "200", description = "The visit")
    @APIResponse(responseCode = "403", description = "Not staff of the visit's hub, nor admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such visit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VisitView read(@PathParam("visitId") String visitId) {
        Visit visit = Ids.uuid(visitId).flatMap(id -> Visit.<Visit>findByIdOptional(id))
                .orElseThrow(() -> ProblemException.notFound("There is no visit " + visitId + "."));
        HubAccess.visit(Caller.of(identity), visit.hubId);
        audit.record("visit.read", "visit=" + visit.id, List.of(visit.referralId));
        return VisitView.of(visit);
    }
}
