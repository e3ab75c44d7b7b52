package uk.nhs.homefirst.allocation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.allocation.ManualAllocationRequest;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.store.Allocation;
import uk.nhs.homefirst.allocation.store.Discharge;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/allocations")
@Tag(name = "Allocations")
@Produces(MediaType.APPLICATION_JSON)
public class AllocationResource {

    private final ReferralCases cases;
    private final SecurityIdentity identity;
    private final AuditTrail audit;

    AllocationResource(ReferralCases cases, SecurityIdentity identity, AuditTrail audit) {
        this.cases = cases;
        this.identity = identity;
        this.audit = audit;
    }

    @GET
    @Path("unallocated")
    @RolesAllowed({Roles.LDU_CLINICIAN, Roles.ADMIN})
    @Operation(summary = "Referrals waiting for a hub", description = "Triaged referrals on a pathway that needs a "
            + "hub, not cancelled, that no hub covers by postcode district: they need a manual allocation. An LDU "
            + "clinician sees its own LDU's; admin every one, or one LDU's with ldu.")
    @APIResponse(responseCode = "200", description = "The referrals, oldest first")
    @APIResponse(responseCode = "403", description = "Not one of the roles ldu-clinician or admin, or another LDU's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<UnallocatedView> unallocated(@QueryParam("ldu") String ldu) {
        Optional<String> scope = HubAccess.unallocated(Caller.of(identity),
                Optional.ofNullable(ldu).map(String::strip).filter(l -> !l.isEmpty()));
        String waitingForAHub = "hubId is null and cancelledAt is null and pathway <> ?1";
        String oldestFirst = " order by receivedAt, referralId";
        List<ReferralCase> waiting = scope.isPresent()
                ? ReferralCase.<ReferralCase>list(waitingForAHub + " and ldu = ?2" + oldestFirst, Pathway.NOT_ACCEPTED,
                        scope.get())
                : ReferralCase.<ReferralCase>list(waitingForAHub + oldestFirst, Pathway.NOT_ACCEPTED);
        audit.record("allocation.unallocated.read", "ldu=" + scope.orElse("any"),
                waiting.stream().map(c -> c.referralId).toList());
        return waiting.stream().map(UnallocatedView::of).toList();
    }

    @GET
    @Path("{referralId}")
    @RolesAllowed({Roles.LDU_CLINICIAN, Roles.HUB_STAFF, Roles.ADMIN})
    @Operation(summary = "Where a referral stands with the hubs", description = "Its current hub, pathway and "
            + "standard, every allocation and every visit.")
    @APIResponse(responseCode = "200", description = "The referral")
    @APIResponse(responseCode = "403", description = "Not staff of a hub that held it, a clinician of its LDU, nor admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReferralAllocationView read(@PathParam("referralId") String referralId) {
        ReferralCase c = Ids.uuid(referralId).flatMap(id -> ReferralCase.<ReferralCase>findByIdOptional(id))
                .orElseThrow(() -> unknown(referralId));
        List<Allocation> allocations = Allocation.ofReferral(c.referralId);
        HubAccess.allocation(Caller.of(identity), Optional.ofNullable(c.ldu),
                allocations.stream().map(a -> a.hubId).toList());
        audit.record("allocation.read", c.referralId);
        return ReferralAllocationView.of(c, allocations, Visit.ofReferral(c.referralId), dischargedAt(c));
    }

    @PUT
    @Path("{referralId}")
    @RolesAllowed({Roles.LDU_CLINICIAN, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate a referral to a hub by hand", description = "Makes the next allocation, "
            + "method MANUAL, and announces ReferralAllocated. allocatedAt is optional (now by default); it may not "
            + "be in the future, before the referral was received, or before the current allocation. Allocating to "
            + "the hub that already holds the referral changes nothing.")
    @APIResponse(responseCode = "200", description = "The referral with its allocations")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not a clinician of the referral's LDU, nor admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No triaged referral with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral is cancelled, was not accepted, or its episode is closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public ReferralAllocationView allocate(@PathParam("referralId") String referralId,
            ManualAllocationRequest request) {
        UUID id = Ids.uuid(referralId).orElseThrow(() -> unknown(referralId));
        // One transaction: the allocation, its event and its audit line are written together or not at all.
        ReferralCase c = cases.allocateManually(id, request, Caller.of(identity));
        audit.record("allocation.create", id);
        return ReferralAllocationView.of(c, Allocation.ofReferral(c.referralId), Visit.ofReferral(c.referralId),
                dischargedAt(c));
    }

    private static ProblemException unknown(String referralId) {
        return ProblemException.notFound("There is no triaged referral " + referralId + ".");
    }

    private static java.time.Instant dischargedAt(ReferralCase c) {
        return c.episodeClosed() ? Discharge.of(c.referralId).map(d -> d.dischargedAt).orElse(null) : null;
    }
}
