package uk.nhs.homefirst.referral.subscription;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;
import uk.nhs.homefirst.platform.security.AccessProblems;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.referral.fhir.FhirBody;
import uk.nhs.homefirst.referral.fhir.FhirCodings;
import uk.nhs.homefirst.referral.fhir.FhirIssue;
import uk.nhs.homefirst.referral.fhir.FhirOutcomes;
import uk.nhs.homefirst.referral.fhir.FhirRequestException;

/**
 * FHIR R4 Subscriptions (rest-hook) on an organisation's Tasks: a referrer's system is told of each
 * change of where its referrals stand, without polling ({@link SubscriptionDelivery}). A
 * subscription belongs to the organisation its criteria follow; only a caller acting for it reads or
 * deletes it.
 */
@Path("/fhir/Subscription")
@Tag(name = "FHIR R4")
public class SubscriptionResource {

    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}: ?[\\x20-\\x7E]{1,1000}");

    private final FhirContext fhir;
    private final SecurityIdentity identity;
    private final SubscriptionConfig config;
    private final Clock clock;
    private final FhirOutcomes outcomes;
    private final EndpointPolicy policy;

    SubscriptionResource(FhirContext fhir, SecurityIdentity identity, SubscriptionConfig config, Clock clock,
            FhirOutcomes outcomes) {
        this.fhir = fhir;
        this.outcomes = outcomes;
        this.identity = identity;
        this.config = config;
        this.clock = clock;
        this.policy = new EndpointPolicy(config.allowedHosts().orElse(List.of()));
    }

    @POST
    @RolesAllowed(Roles.REFERRER)
    @Consumes(MediaType.WILDCARD)
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Transactional
    @Operation(summary = "Subscribe to an organisation's Tasks", description = "A Subscription with channel rest-hook "
            + "and criteria Task (optionally ?status=... and, for a caller acting for several organisations, "
            + "&requester:identifier=" + FhirCodings.ODS_ORGANIZATION_CODE + "|<ODS code>). Each change of where one "
            + "of its referrals stands is then sent to the endpoint: with payload application/fhir+json the Task is PUT "
            + "to <endpoint>/Task/<id>, otherwise an empty POST to the endpoint; channel.header lines are sent with it. "
            + "Retried with backoff until delivered. The endpoint must be https on a public address: not loopback, "
            + "link-local, private or reserved (judged again at each delivery), unless its host is allow-listed.")
    @APIResponse(responseCode = "201", description = "The Subscription, active", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "400", description = "An OperationOutcome naming each bad element",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response create(String body, @Context UriInfo uri) {
        FhirBody parsed = FhirBody.parse(fhir, body);
        if (!parsed.issues().isEmpty() || !(parsed.resource() instanceof Subscription subscription)) {
            throw new FhirRequestException(400, parsed.issues().isEmpty() ? List.of(FhirIssue.invalid(null,
                    "Send a FHIR R4 Subscription.")) : parsed.issues());
        }
        Caller caller = Caller.of(identity);
        List<FhirIssue> issues = new ArrayList<>();
        SubscriptionCriteria criteria = SubscriptionCriteria.parse(subscription.getCriteria(), caller.organisations());
        if (SubscriptionCriteria.FORBIDDEN.equals(criteria.problem())) {
            throw new uk.nhs.homefirst.platform.problem.ProblemException(403, "Forbidden", "Your access token does not "
                    + "let you act for the organisation the criteria name: a referrer subscribes to its own Tasks only.");
        }
        if (criteria.problem() != null) {
            issues.add(FhirIssue.invalid("Subscription.criteria", criteria.problem()));
        }
        if (subscription.getStatus() != Subscription.SubscriptionStatus.REQUESTED
                && subscription.getStatus() != Subscription.SubscriptionStatus.ACTIVE) {
            issues.add(FhirIssue.invalid("Subscription.status", "status must be requested (or active)."));
        }
        if (!subscription.hasReason() || subscription.getReason().isBlank()) {
            issues.add(FhirIssue.required("Subscription.reason", "reason is required: why the Tasks are followed."));
        }
        Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
        if (channel.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
            issues.add(FhirIssue.invalid("Subscription.channel.type", "channel.type must be rest-hook."));
        }
        String endpoint = endpoint(channel.getEndpoint(), issues);
        boolean payload = channel.hasPayload();
        if (payload && !List.of(FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON).contains(channel.getPayload())) {
            issues.add(FhirIssue.invalid("Subscription.channel.payload", "channel.payload must be application/fhir+json, "
                    + "or absent for an empty notification."));
        }
        List<String> headers = new ArrayList<>();
        List<StringType> given = channel.getHeader();
        for (int i = 0; i < given.size(); i++) {
            String header = given.get(i).getValue();
            if (header == null || !HEADER.matcher(header).matches()) {
                issues.add(FhirIssue.invalid("Subscription.channel.header[" + i + "]", "each header must be one line "
                        + "'Name: value', such as 'Authorization: Bearer ...'."));
            } else {
                headers.add(header);
            }
        }
        Instant end = subscription.hasEnd() ? subscription.getEnd().toInstant() : null;
        if (end != null && !end.isAfter(clock.instant())) {
            issues.add(FhirIssue.invalid("Subscription.end", "end must be in the future."));
        }
        if (!issues.isEmpty()) {
            throw new FhirRequestException(400, issues);
        }
        StoredSubscription stored = new StoredSubscription();
        stored.id = TimeOrderedUuid.next();
        stored.odsCode = criteria.odsCode();
        stored.criteria = subscription.getCriteria();
        stored.statuses = criteria.statuses().stream().map(Enum::name).sorted().toArray(String[]::new);
        stored.endpoint = endpoint;
        stored.headers = headers.toArray(String[]::new);
        stored.payload = payload;
        stored.reason = subscription.getReason();
        stored.status = StoredSubscription.ACTIVE;
        stored.endAt = end;
        stored.createdAt = clock.instant();
        stored.createdBy = caller.subject();
        stored.persist();
        URI location = uri.getBaseUriBuilder().path("fhir/Subscription").path(stored.id.toString()).build();
        return Response.created(location).type(FhirCodings.FHIR_JSON).entity(encode(SubscriptionView.of(stored))).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.REFERRER)
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "A Subscription of the caller's organisation, with its status (error while deliveries fail)")
    public Response read(@PathParam("id") String id) {
        return Response.ok().type(FhirCodings.FHIR_JSON).entity(encode(SubscriptionView.of(own(id)))).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.REFERRER)
    @Transactional
    @Operation(summary = "Ends a Subscription of the caller's organisation; notifications still owed are dropped")
    public Response delete(@PathParam("id") String id) {
        StoredSubscription stored = own(id);
        stored.delete();
        return Response.noContent().build();
    }

    private StoredSubscription own(String id) {
        StoredSubscription stored = parseId(id).flatMap(uuid -> StoredSubscription.<StoredSubscription>findByIdOptional(uuid))
                .orElseThrow(() -> new FhirRequestException(404, List.of(new FhirIssue(IssueType.NOTFOUND, null,
                        "There is no Subscription with this id."))));
        if (!Caller.of(identity).actsFor(stored.odsCode)) {
            throw new uk.nhs.homefirst.platform.problem.ProblemException(403, "Forbidden", "This Subscription belongs "
                    + "to an organisation your access token does not let you act for.");
        }
        return stored;
    }

    private String endpoint(String endpoint, List<FhirIssue> issues) {
        String problem = policy.problemAtCreation(endpoint);
        if (problem == null) {
            return URI.create(endpoint).toString();
        }
        issues.add(FhirIssue.invalid("Subscription.channel.endpoint", problem));
        return null;
    }

    @ServerExceptionMapper
    public Response refused(FhirRequestException e) {
        return outcomes.refused(e);
    }

    @ServerExceptionMapper
    public Response problem(uk.nhs.homefirst.platform.problem.ProblemException e, UriInfo uri) {
        return outcomes.problem(e, uri);
    }

    @ServerExceptionMapper
    public Response web(jakarta.ws.rs.WebApplicationException e) {
        return outcomes.web(e);
    }

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

    private static Optional<UUID> parseId(String id) {
        try {
            return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
