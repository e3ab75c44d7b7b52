package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.AccessProblems;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.referral.access.ReferralAccess;
import uk.nhs.homefirst.referral.access.ReferralScope;
import uk.nhs.homefirst.referral.intake.IntakeConfig;
import uk.nhs.homefirst.referral.intake.ReferralIntake;
import uk.nhs.homefirst.referral.intake.ValidReferral;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * The FHIR R4 door of the referral intake: a UK Core ServiceRequest with its Patient, contained or
 * in a transaction Bundle, goes through the same validation and intake as {@code POST /api/referrals}
 * and is answered with the ServiceRequest as stored. Every refusal is an OperationOutcome.
 */
@Path("/fhir/ServiceRequest")
@Tag(name = "FHIR R4")
public class ServiceRequestResource {

    private static final List<String> ACCEPTED = List.of(FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON,
            "application/json+fhir");

    private final FhirContext fhir;
    private final FhirReferralReader reader;
    private final ReferralIntake intake;
    private final Clock clock;
    private final IntakeConfig config;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final FhirOutcomes outcomes;

    ServiceRequestResource(FhirContext fhir, FhirReferralReader reader, ReferralIntake intake, Clock clock,
            IntakeConfig config, SecurityIdentity identity, AuditTrail audit, FhirOutcomes outcomes) {
        this.outcomes = outcomes;
        this.fhir = fhir;
        this.reader = reader;
        this.intake = intake;
        this.clock = clock;
        this.config = config;
        this.identity = identity;
        this.audit = audit;
    }

    // Every media type is let in, so that a wrong one is answered here, as an OperationOutcome.
    @POST
    @RolesAllowed(Roles.REFERRER)
    @Consumes(MediaType.WILDCARD)
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Refer a patient with a FHIR R4 ServiceRequest", description = "A UK Core ServiceRequest "
            + "with its Patient contained (subject #id), or a transaction Bundle of the ServiceRequest and the "
            + "resources it references by fullUrl. Validated and stored as POST /api/referrals does. A ServiceRequest "
            + "whose identifier (system and value) was received before, with the same content, is answered 200 with the "
            + "referral made then; with other content, 409.")
    @APIResponse(responseCode = "201", description = "The ServiceRequest as stored; its id is the referral id",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "400", description = "An OperationOutcome with one issue per problem",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "415", description = "Not FHIR JSON",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body,
            @Context UriInfo uri) {
        if (!accepted(contentType)) {
            throw new FhirRequestException(415, List.of(new FhirIssue(IssueType.NOTSUPPORTED, null,
                    "This endpoint takes " + FhirCodings.FHIR_JSON + " (or " + MediaType.APPLICATION_JSON + ").")));
        }
        LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        FhirReferralReader.Outcome outcome = reader.read(body, today);
        if (!outcome.issues().isEmpty()) {
            throw new FhirRequestException(400, outcome.issues());
        }
        ValidReferral valid = outcome.referral();
        ReferralAccess.refer(Caller.of(identity), valid.referrerOdsCode());
        // The intake tells a new referral from one sent before (answered with the one stored the
        // first time), in the statement that stores it: no look-up beforehand, which a twin sent at
        // the same moment could pass too.
        ReferralIntake.Outcome taken = intake.acceptAndWait(valid);
        if (taken.result() == ReferralIntake.Result.CONFLICTING) {
            throw new FhirRequestException(409, List.of(new FhirIssue(IssueType.DUPLICATE, "ServiceRequest.identifier",
                    "ServiceRequest.identifier was used before, by the same system, for a referral of other content. "
                            + "To change a referral, cancel it and refer again under a new identifier.")));
        }
        boolean created = taken.result() == ReferralIntake.Result.CREATED;
        return answer(created ? Response.status(Response.Status.CREATED) : Response.ok(), taken.referral(), uri);
    }

    @GET
    @RolesAllowed(Roles.REFERRER)
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Search the caller's referrals", description = "A searchset Bundle of the referrals of the "
            + "organisations the caller acts for, latest first: by identifier (system|value, the sender's or this "
            + "service's referral id), by the patient's NHS number (patient.identifier=https://fhir.nhs.uk/Id/nhs-number|...), "
            + "paged by _count (1 to 200, default 50) and _offset. Any other parameter is refused.")
    @APIResponse(responseCode = "200", description = "A searchset Bundle", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "400", description = "An OperationOutcome naming each bad parameter",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response search(@Context UriInfo uri) {
        ServiceRequestSearch search = ServiceRequestSearch.parse(uri.getQueryParameters());
        if (!search.issues().isEmpty()) {
            throw new FhirRequestException(400, search.issues());
        }
        Caller caller = Caller.of(identity);
        Referral.Page found = Referral.search(caller.organisations(), search.sourceSystem(), search.sourceReferralId(),
                search.referralId(), search.nhsNumber(), search.offset(), search.count());
        // Ids only: the NHS number searched for is patient data, and the trail holds none.
        audit.record("referral.list", "fhir search", found.referrals().stream().map(r -> r.id).toList());
        return Response.ok().type(FhirCodings.FHIR_JSON)
                .entity(encode(SearchBundle.of(found, search, uri.getRequestUri(), uri.getBaseUri()))).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.REFERRER, Roles.LDU_CLINICIAN, Roles.HUB_STAFF})
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Read a referral back as a FHIR R4 ServiceRequest, with its Patient contained")
    @APIResponse(responseCode = "200", description = "The ServiceRequest", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "404", description = "An OperationOutcome", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response read(@PathParam("id") String id, @Context UriInfo uri) {
        Referral referral = referralId(id).flatMap(uuid -> Referral.<Referral>findByIdOptional(uuid))
                .orElseThrow(() -> new FhirRequestException(404, List.of(new FhirIssue(IssueType.NOTFOUND, null,
                        "There is no ServiceRequest with this id."))));
        ReferralAccess.read(Caller.of(identity), ReferralScope.of(referral.referrerOdsCode, TimelineEntry.of(referral.id)));
        audit.record("referral.read", "fhir", List.of(referral.id));
        return answer(Response.ok(), referral, uri);
    }

    // Every failure is answered by the FHIR door's one mapping; these only route this class's to it.
    @ServerExceptionMapper
    public Response refused(FhirRequestException e) {
        return outcomes.refused(e);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return outcomes.problem(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return outcomes.web(e);
    }

    // Refusals for want of identity or permission are handed back to the platform's, as on every door.
    @ServerExceptionMapper
    public Uni<Response> unauthorized(UnauthorizedException e, RoutingContext context) {
        return AccessProblems.challenge(context);
    }

    @ServerExceptionMapper
    public Uni<Response> authenticationFailed(AuthenticationFailedException e, RoutingContext context) {
        return AccessProblems.challenge(context);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, RoutingContext context) {
        return AccessProblems.forbidden(resource, context);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return outcomes.unexpected(e);
    }

    private Response answer(Response.ResponseBuilder response, Referral referral, UriInfo uri) {
        URI location = uri.getBaseUriBuilder().path("fhir/ServiceRequest").path(referral.id.toString()).build();
        return response.location(location).type(FhirCodings.FHIR_JSON).entity(encode(ServiceRequestView.of(referral))).build();
    }

    private String encode(IBaseResource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    private static boolean accepted(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return ACCEPTED.contains(type);
    }

    private static Optional<UUID> referralId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
