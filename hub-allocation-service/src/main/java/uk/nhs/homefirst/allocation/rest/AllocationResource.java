package uk.nhs.homefirst.allocation.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.allocation.ManualAllocationRequest;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.store.Allocation;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;

@Path("/api/allocations")
@Tag(name = "Allocations")
@Produces(MediaType.APPLICATION_JSON)
public class AllocationResource {

    private final ReferralCases cases;

    AllocationResource(ReferralCases cases) {
        this.cases = cases;
    }

    @GET
    @Path("unallocated")
    @Operation(summary = "Referrals waiting for a hub", description = "Triaged referrals on a pathway that needs a "
            + "hub, not cancelled, that no hub covers by postcode district: they need a manual allocation.")
    public List<UnallocatedView> unallocated() {
        return ReferralCase.<ReferralCase>list(
                "hubId is null and cancelledAt is null and pathway <> ?1 order by receivedAt, referralId",
                Pathway.NOT_ACCEPTED).stream().map(UnallocatedView::of).toList();
    }

    @GET
    @Path("{referralId}")
    @Operation(summary = "Where a referral stands with the hubs", description = "Its current hub, pathway and "
            + "standard, every allocation and every visit.")
    @APIResponse(responseCode = "200", description = "The referral")
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReferralAllocationView read(@PathParam("referralId") String referralId) {
        ReferralCase c = Ids.uuid(referralId).flatMap(id -> ReferralCase.<ReferralCase>findByIdOptional(id))
                .orElseThrow(() -> unknown(referralId));
        return ReferralAllocationView.of(c, Allocation.ofReferral(c.referralId), Visit.ofReferral(c.referralId));
    }

    @PUT
    @Path("{referralId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate a referral to a hub by hand", description = "Makes the next allocation, "
            + "method MANUAL, and announces ReferralAllocated. allocatedAt is optional (now by default); it may not "
            + "be in the future, before the referral was received, or before the current allocation. Allocating to "
            + "the hub that already holds the referral changes nothing.")
    @APIResponse(responseCode = "200", description = "The referral with its allocations")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral is cancelled or was not accepted",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReferralAllocationView allocate(@PathParam("referralId") String referralId,
            ManualAllocationRequest request) {
        UUID id = Ids.uuid(referralId).orElseThrow(() -> unknown(referralId));
        cases.allocateManually(id, request);
        return read(referralId);
    }

    private static ProblemException unknown(String referralId) {
        return ProblemException.notFound("There is no triaged referral " + referralId + ".");
    }
}
