package uk.nhs.homefirst.allocation.rest;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.allocation.visit.VisitRequest;
import uk.nhs.homefirst.allocation.visit.Visits;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;

@Path("/api/visits")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
public class VisitResource {

    private final Visits visits;

    VisitResource(Visits visits) {
        this.visits = visits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a visit", description = "Records a visit with the hub holding the referral and "
            + "announces VisitRecorded on the visits topic. visitedAt must carry an offset and may be neither in the "
            + "future nor before the referral was received. Only ATTENDED stops a response clock.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the visit")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral is not allocated to a hub yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response record(VisitRequest request, @Context UriInfo uri) {
        Visit visit = visits.record(request);
        return Response.created(uri.getAbsolutePathBuilder().path(visit.id.toString()).build())
                .entity(VisitView.of(visit))
                .build();
    }

    @GET
    @Path("{visitId}")
    @Operation(summary = "Read a visit back")
    @APIResponse(responseCode = "200", description = "The visit")
    @APIResponse(responseCode = "404", description = "No such visit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VisitView read(@PathParam("visitId") String visitId) {
        return Ids.uuid(visitId).flatMap(id -> Visit.<Visit>findByIdOptional(id))
                .map(VisitView::of)
                .orElseThrow(() -> ProblemException.notFound("There is no visit " + visitId + "."));
    }
}
