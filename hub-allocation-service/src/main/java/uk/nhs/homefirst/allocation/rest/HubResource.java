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
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.allocation.clock.ReferralClocks;
import uk.nhs.homefirst.allocation.access.HubAccess;
import java.time.LocalDate;
import uk.nhs.homefirst.allocation.allocation.DailyCapacity;
import uk.nhs.homefirst.allocation.hub.CapacityRequest;
import uk.nhs.homefirst.allocation.hub.DistrictsRequest;
import uk.nhs.homefirst.allocation.hub.HubCapacities;
import uk.nhs.homefirst.allocation.hub.Hubs;
import uk.nhs.homefirst.allocation.store.Discharge;
import uk.nhs.homefirst.allocation.store.Hub;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/hubs")
@Tag(name = "Hubs")
@Produces(MediaType.APPLICATION_JSON)
public class HubResource {

    private final Hubs hubs;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final Clock clock;
    private final HubCapacities capacities;
    private final ReferralClocks referralClocks;

    HubResource(Hubs hubs, SecurityIdentity identity, AuditTrail audit, Clock clock, HubCapacities capacities,
            ReferralClocks referralClocks) {
        this.referralClocks = referralClocks;
        this.hubs = hubs;
        this.capacities = capacities;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
    }

    /** The hubs' names and districts are reference data: every platform role reads them (the monitor, as ops). */
    @GET
    @RolesAllowed({Roles.REFERRER, Roles.LDU_CLINICIAN, Roles.HUB_STAFF, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "List the hubs", description = "Every hub with the postcode districts it covers and the "
            + "number of open referrals it holds.")
    public List<HubView> list() {
        Map<String, Long> caseloads = hubs.openCaseloads();
        return hubs.all().stream().map(h -> HubView.of(h, caseloads.getOrDefault(h.id, 0L))).toList();
    }

    @GET
    @Path("{hubId}")
    @RolesAllowed({Roles.REFERRER, Roles.LDU_CLINICIAN, Roles.HUB_STAFF, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Read one hub")
    @APIResponse(responseCode = "200", description = "The hub")
    @APIResponse(responseCode = "404", description = "No such hub",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public HubView read(@PathParam("hubId") String hubId) {
        Hub hub = hub(hubId);
        return HubView.of(hub, hubs.openCaseloads().getOrDefault(hub.id, 0L));
    }

    @PUT
    @Path("{hubId}/districts")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the postcode districts a hub covers", description = "The next allocation by "
            + "postcode district uses the new coverage; referrals already allocated stay where they are. A district "
            + "belongs to at most one hub: take it from its hub first.")
    @APIResponse(responseCode = "200", description = "The hub with its new districts")
    @APIResponse(responseCode = "400", description = "A district of the wrong form, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such hub",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A district belongs to another hub",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public HubView replaceDistricts(@PathParam("hubId") String hubId, DistrictsRequest request) {
        hubs.replaceDistricts(hubId, request);
        audit.record("hub.districts.update", "hub=" + hubId, List.of());
        return read(hubId);
    }

    @PUT
    @Path("{hubId}/capacity")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a hub's daily capacity of new referrals by pathway", description = "Each pathway "
            + "given takes its new daily limit (null: unlimited); those left out keep theirs. A full hub's new "
            + "referrals go to the next hub of its overflow order; referrals already allocated stay.")
    @APIResponse(responseCode = "200", description = "The hub's capacity today")
    @APIResponse(responseCode = "400", description = "A pathway or limit that is not valid, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such hub",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public CapacityView changeCapacity(@PathParam("hubId") String hubId, CapacityRequest request) {
        Instant now = clock.instant();
        capacities.change(hubId, request, now);
        audit.record("hub.capacity.update", "hub=" + hubId, List.of());
        LocalDate today = DailyCapacity.dayOf(now);
        return CapacityView.of(hubId, today, capacities.on(today, false));
    }

    @GET
    @Path("{hubId}/caseload")
    @RolesAllowed({Roles.HUB_STAFF, Roles.ADMIN})
    @Operation(summary = "A hub's open referrals", description = "The referrals the hub holds that are not "
            + "cancelled, not declined and whose episode is open, oldest first, with whether an ATTENDED visit has been "
            + "recorded and the deadline of its running response clock (as the target monitor announces it on "
            + "response-clocks; null when none runs) and whether it breached, how many such deadlines fall today (Europe/London); and the "
            + "episodes it closed in the last 7 days or whose 91-day follow-up is due. For the hub's own staff, and admin.")
    @APIResponse(responseCode = "200", description = "The caseload")
    @APIResponse(responseCode = "403", description = "Not staff of this hub, nor admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such hub",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public CaseloadView caseload(@PathParam("hubId") String hubId) {
        HubAccess.caseload(Caller.of(identity), hubId);
        Hub hub = hub(hubId);
        List<ReferralCase> open = ReferralCase.list("hubId = ?1 and cancelledAt is null and pathway <> ?2 "
                + "and episodeClosedAt is null order by receivedAt, referralId", hub.id, Pathway.NOT_ACCEPTED);
        Map<UUID, List<Visit>> visits = Visit.ofReferrals(open.stream().map(c -> c.referralId).toList()).stream()
                .collect(Collectors.groupingBy(v -> v.referralId));
        Instant now = clock.instant();
        // Closed lately, or reablement whose follow-up may be due: CaseloadView keeps those it concerns.
        List<ReferralCase> closed = ReferralCase.list("episodeHubId = ?1 and (episodeClosedAt >= ?2 or (pathway = ?3 "
                + "and followUpRecordedAt is null)) order by episodeClosedAt desc, referralId", hub.id,
                now.minus(CaseloadView.RECENT), Pathway.HOME_FIRST_REABLEMENT);
        Map<UUID, Instant> discharges = Discharge.of(closed.stream().map(c -> c.referralId).toList()).stream()
                .collect(Collectors.toMap(d -> d.referralId, d -> d.dischargedAt));
        LocalDate today = DailyCapacity.dayOf(now);
        Map<UUID, ReferralClocks.Running> deadlines = referralClocks.running(open.stream().map(c -> c.referralId).toList());
        CaseloadView view = CaseloadView.of(hub, open, visits, closed, discharges, deadlines, now,
                CapacityView.of(hub.id, today, capacities.on(today, false)));
        audit.record("hub.caseload.read", "hub=" + hub.id, java.util.stream.Stream.concat(open.stream(),
                closed.stream()).map(c -> c.referralId).toList());
        return view;
    }

    private Hub hub(String hubId) {
        return hubs.find(hubId).orElseThrow(() -> ProblemException.notFound("There is no hub " + hubId + "."));
    }
}
