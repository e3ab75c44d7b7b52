package uk.nhs.homefirst.triage.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.triage.access.TriageAccess;
import uk.nhs.homefirst.triage.config.TriageConfig;
import uk.nhs.homefirst.triage.decision.BedArrangementRequest;
import uk.nhs.homefirst.triage.decision.DecisionRequest;
import uk.nhs.homefirst.triage.decision.SendBackRequest;
import uk.nhs.homefirst.triage.decision.Triage;
import uk.nhs.homefirst.triage.routing.LduRoutes;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageDecision;
import uk.nhs.homefirst.triage.store.TriageQueue;
import uk.nhs.homefirst.triage.store.TriageTimes;

/**
 * The LDU's queue and cases. An LDU clinician sees and decides the referrals routed to its own LDU
 * only; admin any, routed or not ({@link TriageAccess}).
 */
@Path("/api/triage")
@Tag(name = "Triage")
@RolesAllowed({Roles.LDU_CLINICIAN, Roles.ADMIN})
public class TriageResource {

    static final String FORBIDDEN = "Not one of the roles ldu-clinician or admin, or another LDU's referral";

    private final Triage triage;
    private final TriageConfig config;
    private final LduRoutes routes;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final Clock clock;

    TriageResource(Triage triage, TriageConfig config, LduRoutes routes, SecurityIdentity identity, AuditTrail audit,
            Clock clock) {
        this.clock = clock;
        this.triage = triage;
        this.config = config;
        this.routes = routes;
        this.identity = identity;
        this.audit = audit;
    }

    @GET
    @Path("queue")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The review queue", description = "The open cases a person must act on: the rules' "
            + "catch-all decision to confirm (RULES_DEFAULT), no LDU route (UNROUTED), sent back (SENT_BACK), passed "
            + "on from another LDU (PASSED_ON), no clinical need coded (UNCODED_NEEDS), no decision after homefirst.triage.queue.undecided-after "
            + "(WAITING_TOO_LONG). What breaches first comes first (receipt plus the standard's duration), then the "
            + "oldest. Each shows its age, reasons and claim. An LDU clinician's queue is its own LDU's; admin sees "
            + "every LDU's, or one LDU's with ldu.")
    @APIResponse(responseCode = "200", description = "One page of the queue")
    @APIResponse(responseCode = "400", description = "Invalid query parameters, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not one of the roles ldu-clinician or admin, or another LDU's queue",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QueuePage queue(
            @Parameter(description = "Only cases whose current decision is on this pathway",
                    schema = @Schema(implementation = Pathway.class)) @QueryParam("pathway") String pathway,
            @Parameter(description = "Only cases routed to this LDU (an LDU clinician's own, the default for one)")
            @QueryParam("ldu") String ldu,
            @Parameter(description = "The page, from 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Cases per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @QueryParam("size") String size) {
        QueueQuery query = QueueQuery.parse(pathway, ldu, page, size, config.queue().defaultSize(),
                config.queue().maxSize(), routes.ldus());
        Optional<String> scope = TriageAccess.queue(Caller.of(identity), query.ldu());
        Instant now = clock.instant();
        TriageQueue.Page result = TriageQueue.page(query.pathway(), scope, query.page(), query.size(), now,
                config.queue().undecidedAfter());
        long totalPages = (result.total() + query.size() - 1) / query.size();
        audit.record("triage.queue.read", "ldu=" + scope.orElse("any") + " page=" + query.page(),
                result.entries().stream().map(e -> e.triageCase().referralId).toList());
        return new QueuePage(query.page(), query.size(), result.total(), totalPages,
                result.entries().stream().map(e -> QueueItem.of(e, now, config.queue().undecidedAfter())).toList());
    }

    @GET
    @Path("figures")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Time to triage, by LDU", description = "For the referrals received in the last 24 hours, "
            + "7 days and 28 days: how many, how many the rules triaged, how many a clinician triaged and how long "
            + "they waited (median and 90th percentile, receipt to decision), how many wait now, and how many came "
            + "out of hours. The rules' catch-all decision is not a triage: it waits for a clinician. An LDU "
            + "clinician sees its own LDU's; admin and ops every LDU's, or one LDU's with ldu.")
    @APIResponse(responseCode = "200", description = "The figures")
    @APIResponse(responseCode = "400", description = "An unknown ldu",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not one of the roles ldu-clinician, ops or admin, or another "
            + "LDU's figures", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.LDU_CLINICIAN, Roles.OPS, Roles.ADMIN})
    @Transactional
    public FiguresView figures(
            @Parameter(description = "Only this LDU's figures (an LDU clinician's own, the default for one)")
            @QueryParam("ldu") String ldu) {
        Optional<String> requested = QueueQuery.ldu(ldu, routes.ldus());
        Caller caller = Caller.of(identity);
        // Ops watch every LDU (counts only, no referral named); a clinician sees its own LDU's.
        Optional<String> scope = caller.is(Roles.OPS) ? requested : TriageAccess.queue(caller, requested);
        Instant now = clock.instant();
        Instant since = now.minus(FiguresView.WINDOWS.get(FiguresView.WINDOWS.size() - 1).length());
        List<String> ldus = scope.map(List::of).orElseGet(() -> List.copyOf(routes.ldus()));
        return new FiguresView(now, ldus.stream().map(l -> FiguresView.of(l, TriageTimes.since(l, since), now)).toList());
    }

    @GET
    @Path("{referralId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A referral's triage case with every decision")
    @APIResponse(responseCode = "200", description = "The case")
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseView read(@PathParam("referralId") String referralId) {
        TriageCase triageCase = caseOf(referralId);
        audit.record("triage.case.read", triageCase.referralId);
        return CaseView.of(triageCase, TriageDecision.of(triageCase.referralId), clock.instant());
    }

    @GET
    @Path("{referralId}/decisions/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One decision of a referral, by its number")
    @APIResponse(responseCode = "200", description = "The decision")
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such decision",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DecisionView decision(@PathParam("referralId") String referralId, @PathParam("number") String number) {
        ProblemException missing = ProblemException.notFound("Referral " + referralId + " has no decision " + number + ".");
        UUID id = caseOf(referralId).referralId;
        int n = parseNumber(number).orElseThrow(() -> missing);
        DecisionView decision = TriageDecision.<TriageDecision>find("referralId = ?1 and decisionNumber = ?2", id, n)
                .firstResultOptional()
                .map(DecisionView::of)
                .orElseThrow(() -> missing);
        audit.record("triage.decision.read", id);
        return decision;
    }

    @POST
    @Path("{referralId}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-triage a referral", description = "Stores a clinician's decision as the next version "
            + "and announces it as ReferralTriaged on the assessments topic. decidedAt defaults to now; it may not be "
            + "in the future nor before the referral was received. ldu, optional, routes the referral to another LDU "
            + "from this decision on (a referral of another LDU's locality is passed on this way).")
    @APIResponse(responseCode = "201", description = "The decision; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral was cancelled, or someone else holds a live claim "
            + "on it (the detail names the holder and until when)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public Response decide(@PathParam("referralId") String referralId, DecisionRequest request, @Context UriInfo uri) {
        UUID id = parseId(referralId).orElseThrow(() -> Triage.notFound(referralId));
        // One transaction: the decision, its event and its audit line are written together or not at all.
        TriageDecision decision = triage.decide(id, request, Caller.of(identity));
        audit.record("triage.decision.create", id);
        return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(decision.decisionNumber)).build())
                .entity(DecisionView.of(decision))
                .build();
    }

    @POST
    @Path("{referralId}/claim")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claim a case", description = "Only the holder decides, sends back or releases it until the "
            + "claim ends: by a decision, a release, or after homefirst.triage.claim-duration. The holder claiming "
            + "again extends it. Others see the claim on the queue and the case.")
    @APIResponse(responseCode = "200", description = "The claim")
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Cancelled, or claimed by someone else (the detail names the holder)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public ClaimView claim(@PathParam("referralId") String referralId) {
        UUID id = parseId(referralId).orElseThrow(() -> Triage.notFound(referralId));
        TriageCase claimed = triage.claim(id, Caller.of(identity));
        audit.record("triage.claim.create", id);
        return ClaimView.of(claimed, clock.instant());
    }

    @DELETE
    @Path("{referralId}/claim")
    @Operation(summary = "Release a claim", description = "By its holder, or by admin; a case nobody holds answers 204 too.")
    @APIResponse(responseCode = "204", description = "Nobody holds the case")
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A clinician releasing someone else's claim",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public Response release(@PathParam("referralId") String referralId) {
        UUID id = parseId(referralId).orElseThrow(() -> Triage.notFound(referralId));
        triage.release(id, Caller.of(identity));
        audit.record("triage.claim.delete", id);
        return Response.noContent().build();
    }

    @POST
    @Path("{referralId}/send-back")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a case back for review", description = "Puts the case on the review queue (SENT_BACK) "
            + "with a reason code, keeping its current decision, and ends its claim, until the next decision.")
    @APIResponse(responseCode = "200", description = "The case")
    @APIResponse(responseCode = "400", description = "reason missing or not a code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Cancelled, or claimed by someone else (the detail names the holder)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public CaseView sendBack(@PathParam("referralId") String referralId, SendBackRequest request) {
        UUID id = parseId(referralId).orElseThrow(() -> Triage.notFound(referralId));
        TriageCase sent = triage.sendBack(id, request, Caller.of(identity));
        audit.record("triage.case.send-back", id);
        return CaseView.of(sent, TriageDecision.of(id), clock.instant());
    }

    @PUT
    @Path("{referralId}/bed")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record the bed arranged for a bed-based referral", description = "For a referral whose current "
            + "decision is BED_BASED: records when its bed was arranged and, if it changes or the decision has none, the "
            + "bed type (REABLEMENT_BED, COMMUNITY_HOSPITAL_BED), as the next decision (same pathway and LDU, rule "
            + "BED_ARRANGED), announced as ReferralTriaged. arrangedAt may not be in the future nor before the referral "
            + "was received. The same arrangement again records nothing new.")
    @APIResponse(responseCode = "200", description = "The case, with its current decision")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = FORBIDDEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Cancelled, not BED_BASED now, or claimed by someone else",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public CaseView arrangeBed(@PathParam("referralId") String referralId, BedArrangementRequest request) {
        UUID id = parseId(referralId).orElseThrow(() -> Triage.notFound(referralId));
        triage.arrangeBed(id, request, Caller.of(identity));
        audit.record("triage.bed.arrange", id);
        TriageCase arranged = TriageCase.findById(id);
        return CaseView.of(arranged, TriageDecision.of(id), clock.instant());
    }

    /** The case, if the caller may see it: 404 for an unknown one, 403 for another LDU's. */
    private TriageCase caseOf(String referralId) {
        TriageCase triageCase = parseId(referralId).flatMap(id -> TriageCase.<TriageCase>findByIdOptional(id))
                .orElseThrow(() -> Triage.notFound(referralId));
        TriageAccess.caseOf(Caller.of(identity), triageCase.ldu);
        return triageCase;
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseNumber(String number) {
        try {
            return Optional.of(Integer.parseInt(number));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
