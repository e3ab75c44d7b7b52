package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.AccessProblems;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.referral.access.ReferralAccess;
import uk.nhs.homefirst.referral.access.ReferralScope;
import uk.nhs.homefirst.referral.intake.DischargeRequest;
import uk.nhs.homefirst.referral.intake.Discharges;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * The FHIR R4 equivalent of {@code POST /api/referrals/{id}/discharge} DISCHARGED: a finished
 * Encounter based on the referral's ServiceRequest, its {@code period.end} the discharge and its
 * {@code hospitalization.dischargeDisposition} the discharge pathway. The same rules and event.
 */
@Path("/fhir/Encounter")
@Tag(name = "FHIR R4")
public class EncounterResource {

    private static final Logger LOG = Logger.getLogger(EncounterResource.class);
    private static final Pattern SERVICE_REQUEST = Pattern.compile("(?:^|/)ServiceRequest/([0-9a-f-]{36})$");

    private final FhirContext fhir;
    private final Discharges discharges;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final FhirOutcomes outcomes;

    EncounterResource(FhirContext fhir, Discharges discharges, SecurityIdentity identity, AuditTrail audit,
            FhirOutcomes outcomes) {
        this.outcomes = outcomes;
        this.fhir = fhir;
        this.discharges = discharges;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @RolesAllowed(Roles.REFERRER)
    @Consumes({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Produces({FhirCodings.FHIR_JSON, MediaType.APPLICATION_JSON})
    @Operation(summary = "Confirm a hospital discharge with a FHIR R4 Encounter", description = "A finished "
            + "Encounter whose basedOn names the referral's ServiceRequest, whose period.end is the discharge time and "
            + "whose hospitalization.dischargeDisposition has a coding of " + FhirCodings.DISCHARGE_PATHWAY
            + " (0 to 3; without it, the pathway stated at referral). Announces PatientDischarged.")
    @APIResponse(responseCode = "201", description = "The Encounter as recorded; its id is the discharge's",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "400", description = "An OperationOutcome with the FHIRPath of each bad element",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "404", description = "No such ServiceRequest", content = @Content(mediaType = FhirCodings.FHIR_JSON))
    @APIResponse(responseCode = "409", description = "Discharged before (the first is named), or not awaiting discharge",
            content = @Content(mediaType = FhirCodings.FHIR_JSON))
    public Response create(String body) {
        Encounter encounter = parse(body);
        List<FhirIssue> issues = new ArrayList<>();
        UUID referralId = referralOf(encounter, issues);
        if (encounter.getStatus() != Encounter.EncounterStatus.FINISHED) {
            issues.add(FhirIssue.invalid("Encounter.status", "must be finished: the patient has left hospital"));
        }
        String dischargedAt = null;
        if (!encounter.getPeriod().hasEnd()) {
            issues.add(FhirIssue.required("Encounter.period.end", "is required: when the patient left hospital"));
        } else if (encounter.getPeriod().getEndElement().getPrecision().ordinal() < TemporalPrecisionEnum.SECOND.ordinal()
                || encounter.getPeriod().getEndElement().getTimeZone() == null) {
            issues.add(FhirIssue.invalid("Encounter.period.end", "must be a dateTime with a time and an offset"));
        } else {
            dischargedAt = encounter.getPeriod().getEnd().toInstant().toString();
        }
        Integer pathway = pathwayOf(encounter, issues);
        if (!issues.isEmpty()) {
            throw new FhirRequestException(400, issues);
        }
        Caller caller = Caller.of(identity);
        Referral referral = discharges.apply(referralId, new DischargeRequest("DISCHARGED", dischargedAt, pathway, null),
                r -> ReferralAccess.discharge(caller, ReferralScope.of(r.referrerOdsCode, List.of())));
        audit.record("referral.discharge", "fhir", List.of(referralId));
        return Response.status(201).type(FhirCodings.FHIR_JSON).entity(encode(recorded(referral))).build();
    }

    /** The Encounter as recorded: the discharge's id, the referral it is based on, its time and pathway. */
    private static Encounter recorded(Referral referral) {
        Encounter encounter = new Encounter();
        encounter.setId(referral.dischargeId.toString());
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.addBasedOn(new Reference("ServiceRequest/" + referral.id));
        encounter.getPeriod().setEnd(java.util.Date.from(referral.dischargedAt));
        encounter.getHospitalization().setDischargeDisposition(new CodeableConcept(new Coding(
                FhirCodings.DISCHARGE_PATHWAY, String.valueOf(referral.dischargePathway),
                "Discharge pathway " + referral.dischargePathway)));
        return encounter;
    }

    private Encounter parse(String body) {
        try {
            IBaseResource resource = fhir.newJsonParser().parseResource(body);
            if (resource instanceof Encounter encounter) {
                return encounter;
            }
            throw new FhirRequestException(400, List.of(FhirIssue.structure(null, "The body must be an Encounter.")));
        } catch (DataFormatException | IllegalArgumentException e) {
            // The parser's message may quote the body: not repeated.
            throw new FhirRequestException(400, List.of(FhirIssue.structure(null, "The body is not a FHIR R4 Encounter in JSON.")));
        }
    }

    private static UUID referralOf(Encounter encounter, List<FhirIssue> issues) {
        for (int i = 0; i < encounter.getBasedOn().size(); i++) {
            Matcher m = SERVICE_REQUEST.matcher(String.valueOf(encounter.getBasedOn().get(i).getReference()));
            if (m.find()) {
                return UUID.fromString(m.group(1));
            }
        }
        issues.add(FhirIssue.required("Encounter.basedOn", "must reference the referral's ServiceRequest/{id}"));
        return null;
    }

    private static Integer pathwayOf(Encounter encounter, List<FhirIssue> issues) {
        List<Coding> codings = encounter.getHospitalization().getDischargeDisposition().getCoding();
        for (int i = 0; i < codings.size(); i++) {
            Coding coding = codings.get(i);
            if (FhirCodings.DISCHARGE_PATHWAY.equals(coding.getSystem())) {
                if (coding.getCode() != null && coding.getCode().matches("[0-3]")) {
                    return Integer.valueOf(coding.getCode());
                }
                issues.add(FhirIssue.invalid("Encounter.hospitalization.dischargeDisposition.coding[" + i + "].code",
                        "must be a discharge pathway from 0 to 3"));
                return null;
            }
        }
        return null; // another code system says where, not which pathway: the one stated at referral stands
    }

    // Every failure is answered by the FHIR door's one mapping; these only route this class's to it.
    @ServerExceptionMapper
    public Response refused(FhirRequestException e) {
        return outcomes.refused(e);
    }

    /** The discharge rules' refusals, each field as the FHIRPath of the element it came from. */
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        List<FhirIssue> issues = new ArrayList<>();
        for (Problem.FieldError error : e.errors()) {
            String path = switch (error.field()) {
                case "dischargedAt" -> "Encounter.period.end";
                case "pathway" -> "Encounter.hospitalization.dischargeDisposition";
                default -> "Encounter";
            };
            issues.add(FhirIssue.invalid(path, error.message()));
        }
        return outcomes.outcome(e.status(), issues);
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, jakarta.ws.rs.core.UriInfo uri) {
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
}
