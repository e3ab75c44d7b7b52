package uk.nhs.homefirst.referral.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.referral.access.ReferralAccess;
import uk.nhs.homefirst.referral.access.ReferralScope;
import uk.nhs.homefirst.platform.idempotency.IdempotencyKey;
import uk.nhs.homefirst.platform.idempotency.IdempotentRequests;
import uk.nhs.homefirst.referral.intake.CancellationRequest;
import uk.nhs.homefirst.referral.intake.Cancellations;
import uk.nhs.homefirst.referral.intake.ContentFingerprint;
import uk.nhs.homefirst.referral.intake.DischargeRequest;
import uk.nhs.homefirst.referral.intake.Discharges;
import uk.nhs.homefirst.referral.intake.IntakeConfig;
import uk.nhs.homefirst.referral.intake.ReferralIntake;
import uk.nhs.homefirst.referral.intake.ReferralRequest;
import uk.nhs.homefirst.referral.intake.ReferralValidator;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

@Path(ReferralResource.PATH)
@Tag(name = "Referrals")
public class ReferralResource {

    static final String PATH = "/api/referrals";
    /** What a referral's Location adds to the base URI, before its id. */
    private static final String LOCATION_PATH = PATH.substring(1) + "/";

    static final String REFER = "POST /api/referrals";
    static final String DISCHARGE = "POST /api/referrals/{id}/discharge";

    private final ReferralIntake intake;
    private final Cancellations cancellations;
    private final Discharges discharges;
    private final IdempotentRequests idempotent;
    private final Clock clock;
    private final IntakeConfig config;
    private final ReferralListConfig listConfig;
    private final ObjectMapper json;
    private final BaseUris baseUris;
    private final SecurityIdentity identity;
    private final AuditTrail audit;

    ReferralResource(ReferralIntake intake, Cancellations cancellations, Discharges discharges,
            IdempotentRequests idempotent, Clock clock,
            IntakeConfig config, ReferralListConfig listConfig, ObjectMapper json, BaseUris baseUris,
            SecurityIdentity identity, AuditTrail audit) {
        this.intake = intake;
        this.cancellations = cancellations;
        this.discharges = discharges;
        this.idempotent = idempotent;
        this.clock = clock;
        this.config = config;
        this.listConfig = listConfig;
        this.json = json;
        this.baseUris = baseUris;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @RolesAllowed(Roles.REFERRER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refer a patient", description = "Validates every field, stores the referral and "
            + "announces ReferralReceived on the referrals topic. The clock starts at the stated receivedAt when it "
            + "is not in the future and not older than the allowed backdating, otherwise now. A referral naming its "
            + "sourceSystem and sourceReferralId is taken once: sent again with the same content, the answer is 200 "
            + "with the referral stored the first time. With an Idempotency-Key, a retry with the same key and "
            + "payload gets the first response again.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key: a quoted or bare key of 1 to 255 letters, digits and "
                    + "- _ . : ~ + / =, such as a UUID. Kept for 24 hours by default.")
    @APIResponse(responseCode = "201", description = "Accepted; Location names the referral",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, description = "true on a replayed response"))
    @APIResponse(responseCode = "200", description = "The same referral from the same source system was received "
            + "before; Location names it, and nothing new was announced")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named; malformed JSON; an invalid Idempotency-Key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in progress, or "
            + "the sourceReferralId was used for a different referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than the service accepts",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different payload",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CompletionStage<Response> refer(ReferralRequest request, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context HttpServerRequest http) {
        // Runs on the event loop: the checks are plain Java, and the write is handed to the intake's
        // writer, which answers once the referral's transaction committed.
        Violations violations = new Violations();
        Optional<IdempotencyKey> key = idempotencyKey(headers, violations);
        LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        var result = ReferralValidator.validate(request, today);
        result.violations().errors().forEach(error -> violations.add(error.field(), error.message()));
        violations.throwIfAny();
        // Before the key is claimed: a refused request leaves nothing behind to replay.
        ReferralAccess.refer(Caller.of(identity), result.referral().referrerOdsCode());
        String referrals = baseUris.of(http, uri) + LOCATION_PATH;

        if (key.isPresent()) {
            // Prepared here, where the request's caller is known (its audit line); the response is
            // stored with the referral, in one transaction of its own: on a worker thread.
            ReferralIntake.Prepared prepared = intake.prepare(result.referral());
            return CompletableFuture.supplyAsync(() -> idempotent.run(REFER, key, fingerprint(request), () -> {
                ReferralIntake.Outcome outcome = intake.acceptInTransaction(prepared);
                return new IdempotentRequests.StoredResponse(status(outcome),
                        URI.create(location(referrals, outcome)), write(view(outcome)));
            }), Infrastructure.getDefaultWorkerPool());
        }
        ReferralIntake.Prepared prepared = intake.prepare(result.referral());
        // Nothing can have happened yet to a new referral: its timeline rows come from events that
        // follow its announcement. Its answer is written here, on this thread, while the writer writes.
        byte[] created = bytes(ReferralView.of(prepared.referral(), List.of()));
        // Location as text: an absolute URI already, so not built, parsed and resolved again on the way out.
        return intake.accept(prepared).thenApply(outcome -> Response.status(status(outcome))
                .header(HttpHeaders.LOCATION, location(referrals, outcome)).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(outcome.result() == ReferralIntake.Result.CREATED ? created : view(outcome)).build());
    }

    private static int status(ReferralIntake.Outcome outcome) {
        return switch (outcome.result()) {
            case CREATED -> 201;
            case ALREADY_RECEIVED -> 200;
            case CONFLICTING -> throw ReferralIntake.conflictingSourceReference();
        };
    }

    private static String location(String referrals, ReferralIntake.Outcome outcome) {
        return referrals + outcome.referral().id;
    }

    private static ReferralView view(ReferralIntake.Outcome outcome) {
        return ReferralView.of(outcome.referral(), outcome.timeline());
    }

    @GET
    @RolesAllowed(Roles.REFERRER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A referring organisation's referrals", description = "The referrals of one referring "
            + "organisation, optionally in some statuses and received within [from, to), the most recently "
            + "received first, each with its status.")
    @APIResponse(responseCode = "200", description = "One page of referrals, with the total")
    @APIResponse(responseCode = "400", description = "Invalid query parameters, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReferralPage list(
            @Parameter(description = "The ODS code of the referring organisation", required = true)
            @QueryParam("referrerOdsCode") String referrerOdsCode,
            @Parameter(description = "Only referrals in one of these statuses, separated by commas: RECEIVED, TRIAGED, "
                    + "DECLINED, ALLOCATED, VISITED, CANCELLED, CLOSED")
            @QueryParam("status") String status,
            @Parameter(description = "Received at or after this time (ISO-8601 with an offset)")
            @QueryParam("from") String from,
            @Parameter(description = "Received before this time (ISO-8601 with an offset)")
            @QueryParam("to") String to,
            @Parameter(description = "The page, from 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Referrals per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @QueryParam("size") String size) {
        ReferralListQuery query = ReferralListQuery.parse(referrerOdsCode, status, from, to, page, size,
                listConfig.defaultSize(), listConfig.maxSize());
        ReferralAccess.list(Caller.of(identity), query.referrerOdsCode());
        Referral.Page found = Referral.page(query.referrerOdsCode(), query.statuses(), query.from(), query.to(),
                query.page(), query.size());
        Map<UUID, List<TimelineEntry>> entries = TimelineEntry.of(found.referrals().stream().map(r -> r.id).toList())
                .stream().collect(Collectors.groupingBy(e -> e.referralId));
        List<ReferralPage.Item> items = found.referrals().stream().map(r -> {
            ReferralView view = ReferralView.of(r, entries.getOrDefault(r.id, List.of()));
            return new ReferralPage.Item(view.id(), view.status(), view.statusChangedAt(), view.receivedAt(),
                    view.source(), view.sourceSystem(), view.sourceReferralId(), view.requestedUrgency(),
                    new ReferralPage.Patient(r.nhsNumber, r.givenName, r.familyName), view.pathway(), view.hubId(),
                    view.decline() == null ? null : view.decline().reasonCode());
        }).toList();
        long totalPages = (found.total() + query.size() - 1) / query.size();
        audit.record("referral.list", "referrerOdsCode=" + query.referrerOdsCode() + " page=" + query.page(),
                found.referrals().stream().map(r -> r.id).toList());
        return new ReferralPage(query.page(), query.size(), found.total(), totalPages, items);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.REFERRER, Roles.LDU_CLINICIAN, Roles.HUB_STAFF})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A referral with its status and timeline", description = "The status is the furthest "
            + "stage reached (CANCELLED, VISITED, ALLOCATED, TRIAGED, RECEIVED, in that precedence); the timeline "
            + "lists every milestone in business-time order.")
    @APIResponse(responseCode = "200", description = "The referral")
    @APIResponse(responseCode = "404", description = "No such referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReferralView read(@PathParam("id") String id) {
        Referral referral = parseId(id).flatMap(uuid -> Referral.<Referral>findByIdOptional(uuid))
                .orElseThrow(ReferralResource::notFound);
        List<TimelineEntry> timeline = TimelineEntry.of(referral.id);
        ReferralAccess.read(Caller.of(identity), ReferralScope.of(referral.referrerOdsCode, timeline));
        audit.record("referral.read", referral.id);
        return ReferralView.of(referral, timeline);
    }

    @POST
    @Path("{id}/cancellation")
    @RolesAllowed(Roles.REFERRER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a referral", description = "Withdraws the referral and announces ReferralCancelled "
            + "on the referrals topic. The text is required for the reason OTHER. cancelledAt defaults to now; it "
            + "must not be in the future nor before the referral was received. Sending the same cancellation "
            + "again gets the same answer and announces nothing.")
    @APIResponse(responseCode = "200", description = "The cancellation")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral was already cancelled differently (the first "
            + "stands), or its episode was closed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Transactional
    public CancellationView cancel(@PathParam("id") String id, CancellationRequest request) {
        UUID referralId = parseId(id).orElseThrow(ReferralResource::notFound);
        Caller caller = Caller.of(identity);
        // One transaction: the cancellation, its event and its audit line are written together or not at all.
        CancellationView cancelled = CancellationView.of(cancellations.cancel(referralId, request,
                referral -> ReferralAccess.cancel(caller, ReferralScope.of(referral.referrerOdsCode, List.of()))).referral());
        audit.record("referral.cancel", referralId);
        return cancelled;
    }

    @POST
    @Path("{id}/discharge")
    @RolesAllowed(Roles.REFERRER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm or move a hospital discharge", description = "For a discharge-to-assess referral "
            + "(one referred with a discharge): DISCHARGED confirms the patient left hospital at dischargedAt (default "
            + "now) on a discharge pathway 0 to 3, announces PatientDischarged, and starts the referral's response "
            + "clocks; POSTPONED or CANCELLED moves the expected date and announces DischargeDelayed. With an "
            + "Idempotency-Key, a retry with the same key and body gets the first answer and changes nothing.")
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, required = false,
            description = "IETF httpapi Idempotency-Key, as for POST /api/referrals")
    @APIResponse(responseCode = "200", description = "The referral's discharge as it now stands")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral awaits no discharge, was discharged already (the "
            + "first confirmation is named) or was cancelled; or the Idempotency-Key's request is still in progress",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response discharge(@PathParam("id") String id, DischargeRequest request, @Context HttpHeaders headers) {
        Violations violations = new Violations();
        Optional<IdempotencyKey> key = idempotencyKey(headers, violations);
        violations.throwIfAny();
        UUID referralId = parseId(id).orElseThrow(ReferralResource::notFound);
        Caller caller = Caller.of(identity);
        // The key is scoped to the referral: the same key for another referral is another request.
        return idempotent.run(DISCHARGE, key, ContentFingerprint.sha256(referralId + "\n" + write(request)), () -> {
            Referral referral = discharges.apply(referralId, request,
                    r -> ReferralAccess.discharge(caller, ReferralScope.of(r.referrerOdsCode, List.of())));
            audit.record("referral.discharge", referralId);
            return new IdempotentRequests.StoredResponse(200, null, write(DischargeView.of(referral)));
        });
    }

    private static Optional<IdempotencyKey> idempotencyKey(HttpHeaders headers, Violations violations) {
        return IdempotencyKey.fromHeader(headers.getRequestHeader(IdempotencyKey.HEADER), violations);
    }

    private String fingerprint(ReferralRequest request) {
        return ContentFingerprint.sha256(write(request));
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + value.getClass().getSimpleName(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + value.getClass().getSimpleName(), e);
        }
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("There is no referral with this id.");
    }

    private static Optional<UUID> parseId(String id) {
        try {
            return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
