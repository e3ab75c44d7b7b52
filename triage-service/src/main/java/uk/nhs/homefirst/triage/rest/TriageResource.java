package uk.nhs.homefirst.triage.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.triage.config.TriageConfig;
import uk.nhs.homefirst.triage.decision.DecisionRequest;
import uk.nhs.homefirst.triage.decision.Triage;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageDecision;
import uk.nhs.homefirst.triage.store.TriageQueue;

@Path("/api/triage")
@Tag(name = "Triage")
public class TriageResource {

    private final Triage triage;
    private final TriageConfig config;

    TriageResource(Triage triage, TriageConfig config) {
        this.triage = triage;
        this.config = config;
    }

    @GET
    @Path("queue")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The triage queue", description = "Open (not cancelled) cases with their current decision, "
            + "oldest receivedAt first, optionally only those whose current decision is on one pathway.")
    @APIResponse(responseCode = "200", description = "One page of the queue")
    @APIResponse(responseCode = "400", description = "Invalid query parameters, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QueuePage queue(
            @Parameter(description = "Only cases whose current decision is on this pathway",
                    schema = @Schema(implementation = Pathway.class)) @QueryParam("pathway") String pathway,
            @Parameter(description = "The page, from 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Cases per page", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @QueryParam("size") String size) {
        QueueQuery query = QueueQuery.parse(pathway, page, size, config.queue().defaultSize(), config.queue().maxSize());
        TriageQueue.Page result = TriageQueue.page(query.pathway(), query.page(), query.size());
        long totalPages = (result.total() + query.size() - 1) / query.size();
        return new QueuePage(query.page(), query.size(), result.total(), totalPages,
                result.entries().stream().map(QueueItem::of).toList());
    }

    @GET
    @Path("{referralId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A referral's triage case with every decision")
    @APIResponse(responseCode = "200", description = "The case")
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CaseView read(@PathParam("referralId") String referralId) {
        TriageCase triageCase = parseId(referralId).flatMap(id -> TriageCase.<TriageCase>findByIdOptional(id))
                .orElseThrow(() -> Triage.notFound(referralId));
        return CaseView.of(triageCase, TriageDecision.of(triageCase.referralId));
    }

    @GET
    @Path("{referralId}/decisions/{number}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One decision of a referral, by its number")
    @APIResponse(responseCode = "200", description = "The decision")
    @APIResponse(responseCode = "404", description = "No such decision",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DecisionView decision(@PathParam("referralId") String referralId, @PathParam("number") String number) {
        ProblemException missing = ProblemException.notFound("Referral " + referralId + " has no decision " + number + ".");
        UUID id = parseId(referralId).orElseThrow(() -> missing);
        int n = parseNumber(number).orElseThrow(() -> missing);
        return TriageDecision.<TriageDecision>find("referralId = ?1 and decisionNumber = ?2", id, n)
                .firstResultOptional()
                .map(DecisionView::of)
                .orElseThrow(() -> missing);
    }

    @POST
    @Path("{referralId}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-triage a referral", description = "Stores a clinician's decision as the next version "
            + "and announces it as ReferralTriaged on the assessments topic. decidedAt defaults to now; it may not be "
            + "in the future nor before the referral was received.")
    @APIResponse(responseCode = "201", description = "The decision; Location names it")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No case for this referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The referral was cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response decide(@PathParam("referralId") String referralId, DecisionRequest request, @Context UriInfo uri) {
        UUID id = parseId(referralId).orElseThrow(() -> Triage.notFound(referralId));
        TriageDecision decision = triage.decide(id, request);
        return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(decision.decisionNumber)).build())
                .entity(DecisionView.of(decision))
                .build();
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
