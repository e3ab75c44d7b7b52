package uk.nhs.homefirst.allocation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.episode.EpisodeCloseRequest;
import uk.nhs.homefirst.allocation.episode.Episodes;
import uk.nhs.homefirst.allocation.episode.FollowUpRequest;
import uk.nhs.homefirst.allocation.store.Discharge;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.idempotency.IdempotencyKey;
import uk.nhs.homefirst.platform.idempotency.IdempotentRequests;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/episodes")
@Tag(name = "Episodes")
@Produces(MediaType.APPLICATION_JSON)
public class EpisodeResource {

    // Idempotency-Key scopes: a key is unique within its operation.
    private static final String CLOSE = "POST /api/episodes/{id}/closure";
    private static final String FOLLOW_UP = "POST /api/episodes/{id}/follow-up";

    private final Episodes episodes;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final IdempotentRequests idempotent;

    EpisodeResource(Episodes episodes, SecurityIdentity identity, AuditTrail audit, IdempotentRequests idempotent) {
        this.episodes = episodes;
        this.identity = identity;
        this.audit = audit;
        this.idempotent = idempotent;
    }

    @POST
    @Path("{referralId}/closure")
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a referral's episode", description = "Closes the referral's episode with its outcome "
            + "and the day it happened: the referral leaves the caseload, and EpisodeClosed is announced on the "
            + "allocations topic (a response clock still open is excluded, as for a cancellation). Staff of the hub "
            + "holding the referral only. The same closure again answers 200 and changes nothing.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key, as for POST /api/visits")
    @APIResponse(responseCode = "200", description = "The closed episode")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not staff of the hub holding the referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Closed already with another outcome or date; cancelled or not "
            + "accepted", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response close(@PathParam("referralId") String referralId, EpisodeCloseRequest request,
            @Context HttpHeaders headers) {
        return run(CLOSE, referralId, request, headers, "episode.close",
                (id, caller) -> episodes.close(id, request, caller).referral());
    }

    @POST
    @Path("{referralId}/follow-up")
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the 91-day follow-up", description = "Records whether the patient was still at home "
            + "91 days after leaving hospital (YES, NO, UNKNOWN) and the day it was checked, against the closed episode "
            + "of a reablement referral after a hospital discharge. Staff of the hub that closed it only; once.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key, as for POST /api/visits")
    @APIResponse(responseCode = "200", description = "The episode with its follow-up")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not staff of the hub that closed the episode",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The episode is open, has no 91-day follow-up, or has one "
            + "recorded otherwise", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response followUp(@PathParam("referralId") String referralId, FollowUpRequest request,
            @Context HttpHeaders headers) {
        return run(FOLLOW_UP, referralId, request, headers, "episode.follow-up",
                (id, caller) -> episodes.recordFollowUp(id, request, caller));
    }

    private Response run(String scope, String referralId, Object request, HttpHeaders headers, String action,
            BiFunction<UUID, Caller, ReferralCase> work) {
        UUID id = Ids.uuid(referralId)
                .orElseThrow(() -> ProblemException.notFound("There is no triaged referral " + referralId + "."));
        Caller caller = Caller.of(identity);
        // One transaction: the episode, its event, its audit line and the key's answer together or not at all.
        return idempotent.run(scope, headers, referralId, request, () -> {
            ReferralCase c = work.apply(id, caller);
            audit.record(action, "referral=" + c.referralId, List.of(c.referralId));
            EpisodeView view = EpisodeView.of(c, Discharge.of(c.referralId).map(d -> d.dischargedAt).orElse(null));
            return idempotent.answer(200, null, view);
        });
    }
}
