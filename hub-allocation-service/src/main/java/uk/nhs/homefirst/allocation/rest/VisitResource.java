package uk.nhs.homefirst.allocation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.allocation.visit.VisitChangeRequest;
import uk.nhs.homefirst.allocation.visit.VisitRequest;
import uk.nhs.homefirst.allocation.visit.Visits;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.idempotency.IdempotencyKey;
import uk.nhs.homefirst.platform.idempotency.IdempotentRequests;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/visits")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
public class VisitResource {

    // Idempotency-Key scopes: a key is unique within its operation.
    private static final String RECORD = "POST /api/visits";
    private static final String VOID = "POST /api/visits/{id}/void";
    private static final String CORRECT = "POST /api/visits/{id}/corrections";

    private final Visits visits;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final IdempotentRequests idempotent;

    VisitResource(Visits visits, SecurityIdentity identity, AuditTrail audit, IdempotentRequests idempotent) {
        this.visits = visits;
        this.identity = identity;
        this.audit = audit;
        this.idempotent = idempotent;
    }

    @POST
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a visit", description = "Records a visit for the caller's hub, which must have held "
            + "the referral at the visit time (the hub recorded then) or hold it now, and announces VisitRecorded on "
            + "the visits topic. visitedAt must carry an offset and may be neither in the future nor before the "
            + "referral was received. Only an ATTENDED visit IN_PERSON stops a response clock. A retry records "
            + "nothing new: with the same Idempotency-Key it gets the first answer again; with the same "
            + "sourceVisitId (the hub system's own id) and the same fields, 200 and the visit recorded before.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key: a quoted or bare key of 1 to 255 letters, digits and "
                    + "- _ . : ~ + / =, such as a UUID. Kept for 24 hours by default.")
    @APIResponse(responseCode = "201", description = "Recorded; Location names the visit",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, description = "true on a replayed response"))
    @APIResponse(responseCode = "200", description = "The same sourceVisitId with the same fields was recorded "
            + "before; Location names that visit, and nothing new was recorded")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named; an invalid Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not hub staff of a hub that held the referral at the visit time "
            + "or holds it now", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral is not allocated to a hub yet; the sourceVisitId "
            + "was recorded with other fields (named); a request with this Idempotency-Key is still in progress",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response record(VisitRequest request, @Context HttpHeaders headers, @Context UriInfo uri) {
        Caller caller = Caller.of(identity);
        // One transaction: the visit, its event and its audit line (and the key's answer) together or not at all.
        return idempotent.run(RECORD, headers, "", request, () -> {
            Optional<Visit> before = visits.recordedBefore(request, caller);
            if (before.isPresent()) {
                Visit visit = before.get();
                if (!Visits.sameAs(visit, request)) {
                    throw new ProblemException(409, "Visit recorded before", "sourceVisitId " + visit.sourceVisitId
                            + " names visit " + visit.id + ", recorded with other fields. To change it, correct it "
                            + "(POST /api/visits/" + visit.id + "/corrections).");
                }
                audit.record("visit.read", "visit=" + visit.id, List.of(visit.referralId));
                return idempotent.answer(200, location(uri, visit), VisitView.of(visit));
            }
            Visit visit = visits.record(request, caller);
            audit.record("visit.create", "visit=" + visit.id, List.of(visit.referralId));
            return idempotent.answer(201, location(uri, visit), VisitView.of(visit));
        });
    }

    @POST
    @Path("{visitId}/void")
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Void a visit", description = "Takes a visit away with a reason: it is kept, marked void, "
            + "and no longer counts nor stops a clock; VisitVoided is announced. Staff of the hub the visit is "
            + "recorded for only. Body: {\"reason\": \"ENTERED_IN_ERROR\"} (or DUPLICATE, DID_NOT_TAKE_PLACE, ...).")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key, as for POST /api/visits")
    @APIResponse(responseCode = "200", description = "The visit, void")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not staff of the hub the visit is recorded for",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such visit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The visit is void already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response voidVisit(@PathParam("visitId") String visitId, VisitChangeRequest request,
            @Context HttpHeaders headers) {
        return change(VOID, visitId, request, headers, "visit.void",
                (id, caller) -> visits.voidVisit(id, request, caller));
    }

    @POST
    @Path("{visitId}/corrections")
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Correct a visit", description = "Corrects a visit's time, outcome, contact type, staff role, "
            + "or the referral it belongs to, with a reason; what it said before is kept. VisitCorrected is announced "
            + "(and, for a visit moved to another referral, VisitVoided for the old one). Staff of the hub the visit is "
            + "recorded for only; a visit moves only to a referral their hub held.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key, as for POST /api/visits")
    @APIResponse(responseCode = "200", description = "The visit as corrected")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named; nothing to correct",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not staff of the hub the visit is recorded for, or of a hub "
            + "that held the referral it would move to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such visit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The visit is void; the referral it would move to has no hub",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response correct(@PathParam("visitId") String visitId, VisitChangeRequest request,
            @Context HttpHeaders headers) {
        return change(CORRECT, visitId, request, headers, "visit.correct",
                (id, caller) -> visits.correct(id, request, caller));
    }

    private Response change(String scope, String visitId, VisitChangeRequest request, HttpHeaders headers,
            String action, java.util.function.BiFunction<UUID, Caller, Visit> work) {
        UUID id = Ids.uuid(visitId).orElseThrow(() -> ProblemException.notFound("There is no visit " + visitId + "."));
        Caller caller = Caller.of(identity);
        return idempotent.run(scope, headers, visitId, request, () -> {
            Visit visit = work.apply(id, caller);
            audit.record(action, "visit=" + visit.id, List.of(visit.referralId));
            return idempotent.answer(200, null, VisitView.of(visit));
        });
    }

    private static URI location(UriInfo uri, Visit visit) {
        return uri.getBaseUriBuilder().path("api/visits").path(visit.id.toString()).build();
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
