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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.sendback.SendBackRequest;
import uk.nhs.homefirst.allocation.sendback.SendBacks;
import uk.nhs.homefirst.allocation.store.SendBack;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.idempotency.IdempotencyKey;
import uk.nhs.homefirst.platform.idempotency.IdempotentRequests;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

/** Hub staff send a referral back to its LDU (a resource of its own: the allocations resource is the LDU's). */
@Path("/api/allocations/{referralId}/send-back")
@Tag(name = "Allocations")
@Produces(MediaType.APPLICATION_JSON)
public class SendBackResource {

    // The Idempotency-Key scope: a key is unique within its operation.
    private static final String SEND_BACK = "POST /api/allocations/{id}/send-back";

    private final SendBacks sendBacks;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final IdempotentRequests idempotent;

    SendBackResource(SendBacks sendBacks, SecurityIdentity identity, AuditTrail audit, IdempotentRequests idempotent) {
        this.sendBacks = sendBacks;
        this.identity = identity;
        this.audit = audit;
        this.idempotent = idempotent;
    }

    @POST
    @RolesAllowed(Roles.HUB_STAFF)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a referral back to its LDU", description = "The hub holding the referral sends it back "
            + "with a reason code (WRONG_PATHWAY, NEEDS_MORE_INFORMATION, OUTSIDE_AREA, PATIENT_DECLINED) and its words "
            + "for the LDU (1 to 500 characters): its allocation is released (the referral leaves the caseload and waits "
            + "on its LDU's unallocated list, reason SENT_BACK), and ReferralSentBack is announced on the allocations "
            + "topic, which puts it on the LDU's review queue. The words stay here (GET /api/allocations/{referralId}). "
            + "Staff of the hub holding the referral only; while it is back with its LDU, another send-back is 409.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key, as for POST /api/visits: a retry answers as the first did")
    @APIResponse(responseCode = "200", description = "The send-back")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not staff of the hub holding the referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already back with its LDU; cancelled, not accepted, or its "
            + "episode closed", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response sendBack(@PathParam("referralId") String referralId, SendBackRequest request,
            @Context HttpHeaders headers) {
        UUID id = Ids.uuid(referralId)
                .orElseThrow(() -> ProblemException.notFound("There is no triaged referral " + referralId + "."));
        Caller caller = Caller.of(identity);
        // One transaction: the release, the event, the audit line and the key's answer together or not at all.
        return idempotent.run(SEND_BACK, headers, referralId, request, () -> {
            SendBack sent = sendBacks.sendBack(id, request, caller);
            audit.record("allocation.send-back", "referral=" + sent.referralId + " hub=" + sent.hubId
                    + " reason=" + sent.reasonCode, List.of(sent.referralId));
            return idempotent.answer(200, null, SendBackView.of(sent));
        });
    }
}
