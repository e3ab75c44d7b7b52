package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * Where a referral stands, as the FHIR R4 Task that tracks its ServiceRequest ({@link TaskView}):
 * read by the referral id, searched by status and dates among the caller's organisations' referrals.
 */
@Path("/fhir/Task")
@Tag(name = "FHIR R4")
public class TaskResource {

    private final FhirContext fhir;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final FhirOutcomes outcomes;
    private final IntakeConfig config;

    TaskResource(FhirContext fhir, SecurityIdentity identity, AuditTrail audit, FhirOutcomes outcomes, IntakeConfig config) {
        this.outcomes = outcomes;
        this.config = config;
        this.fhir = fhir;
        this.identity = identity;
        this.audit = audit;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.REFERRER, Roles.LDU_CLINICIAN, Roles.HUB_STAFF})
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Where a referral stands, as the Task tracking its ServiceRequest (same id)", description =
            "status received, accepted (triaged), rejected (declined: statusReason says why, in words the referrer can "
                    + "act on), ready (allocated: owner is the hub), in-progress (visited: executionPeriod.start is the "
                    + "first visit) or cancelled; businessStatus the pathway.")
    @APIResponse(responseCode = "200", description = "The Task", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "404", description = "An OperationOutcome", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response read(@PathParam("id") String id) {
        Referral referral = referralId(id).flatMap(uuid -> Referral.<Referral>findByIdOptional(uuid))
                .orElseThrow(() -> new FhirRequestException(404, List.of(new FhirIssue(IssueType.NOTFOUND, null,
                        "There is no Task with this id."))));
        List<TimelineEntry> timeline = TimelineEntry.of(referral.id);
        ReferralAccess.read(Caller.of(identity), ReferralScope.of(referral.referrerOdsCode, timeline));
        audit.record("referral.read", "fhir task", List.of(referral.id));
        return Response.ok().type(FhirCodings.FHIR_JSON)
                .tag(new jakarta.ws.rs.core.EntityTag(Integer.toString(referral.statusSequence + 1), true))
                .entity(encode(TaskView.of(referral, timeline))).build();
    }

    @GET
    @RolesAllowed(Roles.REFERRER)
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Search the caller's Tasks", description = "A searchset Bundle of the Tasks of the referrals "
            + "of the organisations the caller acts for, latest received first: by status (Task status codes, comma "
            + "for any), authored-on (received) and modified (last status change) with ge, gt, le, lt or eq, by "
            + "_id, identifier or focus, paged by _count (1 to 200, default 50) and _offset. Any other parameter is refused.")
    @APIResponse(responseCode = "200", description = "A searchset Bundle", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "400", description = "An OperationOutcome naming each bad parameter",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response search(@Context UriInfo uri) {
        TaskSearch search = TaskSearch.parse(uri.getQueryParameters(), config.zone());
        if (!search.issues().isEmpty()) {
            throw new FhirRequestException(400, search.issues());
        }
        Caller caller = Caller.of(identity);
        Referral.Page found = Referral.tasks(caller.organisations(), search.criteria(), search.offset(), search.count());
        List<UUID> ids = found.referrals().stream().map(r -> r.id).toList();
        Map<UUID, List<TimelineEntry>> timelines = TimelineEntry.of(ids).stream()
                .collect(Collectors.groupingBy(e -> e.referralId));
        audit.record("referral.list", "fhir task search", ids);

        URI request = uri.getRequestUri();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal((int) found.total());
        bundle.addLink().setRelation("self").setUrl(request.toString());
        if (search.offset() + found.referrals().size() < found.total()) {
            bundle.addLink().setRelation("next").setUrl(SearchBundle.withOffset(request, search.offset() + search.count()));
        }
        for (Referral referral : found.referrals()) {
            bundle.addEntry().setFullUrl(uri.getBaseUri().resolve("fhir/Task/" + referral.id).toString())
                    .setResource(TaskView.of(referral, timelines.getOrDefault(referral.id, List.of())))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return Response.ok().type(FhirCodings.FHIR_JSON).entity(encode(bundle)).build();
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
    public Response web(jakarta.ws.rs.WebApplicationException e) {
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


    private String encode(IBaseResource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    private static java.util.Optional<UUID> referralId(String id) {
        try {
            return id.length() == 36 ? java.util.Optional.of(UUID.fromString(id)) : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
