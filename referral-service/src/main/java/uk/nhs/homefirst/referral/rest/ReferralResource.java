package uk.nhs.homefirst.referral.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.referral.intake.IntakeConfig;
import uk.nhs.homefirst.referral.intake.ReferralIntake;
import uk.nhs.homefirst.referral.intake.ReferralRequest;
import uk.nhs.homefirst.referral.intake.ReferralValidator;
import uk.nhs.homefirst.referral.store.Referral;

@Path("/api/referrals")
@Tag(name = "Referrals")
public class ReferralResource {

    private final ReferralIntake intake;
    private final Clock clock;
    private final IntakeConfig config;

    ReferralResource(ReferralIntake intake, Clock clock, IntakeConfig config) {
        this.intake = intake;
        this.clock = clock;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refer a patient", description = "Validates every field, stores the referral and "
            + "announces ReferralReceived on the referrals topic. The clock starts at the stated receivedAt when it "
            + "is not in the future and not older than the allowed backdating, otherwise now.")
    @APIResponse(responseCode = "201", description = "Accepted; Location names the referral")
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response refer(ReferralRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        LocalDate today = LocalDate.now(clock.withZone(config.zone()));
        var result = ReferralValidator.validate(request, today);
        result.violations().throwIfAny();
        Referral referral = intake.receive(result.referral());
        return Response.created(uri.getAbsolutePathBuilder().path(referral.id.toString()).build())
                .entity(ReferralView.of(referral))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a referral back")
    @APIResponse(responseCode = "200", description = "The referral")
    @APIResponse(responseCode = "404", description = "No such referral",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReferralView read(@PathParam("id") String id) {
        return parseId(id).flatMap(uuid -> Referral.<Referral>findByIdOptional(uuid))
                .map(ReferralView::of)
                .orElseThrow(() -> ProblemException.notFound("There is no referral " + id + "."));
    }

    private static java.util.Optional<UUID> parseId(String id) {
        try {
            return java.util.Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
