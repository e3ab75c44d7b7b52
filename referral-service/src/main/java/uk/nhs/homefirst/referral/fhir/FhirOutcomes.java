package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.ProblemMappers;
import uk.nhs.homefirst.platform.problem.Unavailable;

/**
 * How the FHIR door answers every failure: an OperationOutcome, except a refusal for want of
 * permission, which is problem+json on every door of the platform. Each FHIR resource's
 * {@code @ServerExceptionMapper}s hand their exceptions here (a mapper on a resource class applies
 * to that class only; one outside would apply to the JSON door too).
 */
@Singleton
public class FhirOutcomes {

    private static final Logger LOG = Logger.getLogger(FhirOutcomes.class);

    private final FhirContext fhir;

    FhirOutcomes(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** A refusal this door made itself, with its issues. */
    public Response refused(FhirRequestException e) {
        return outcome(e.status(), FhirIssue.outcome(e.issues()));
    }

    /** A refusal of the intake's or the access rules', said in FHIR terms. */
    public Response problem(ProblemException e, UriInfo uri) {
        if (e.status() == 403) {
            return Response.status(403).type(Problem.MEDIA_TYPE).entity(new Problem("urn:uk-nhs-homefirst:problem:forbidden",
                    "Forbidden", 403, e.getMessage(), uri.getPath(), null)).build();
        }
        IssueType code = switch (e.status()) {
            case 404 -> IssueType.NOTFOUND;
            case 409 -> IssueType.CONFLICT;
            case 503 -> IssueType.TRANSIENT;
            default -> IssueType.PROCESSING;
        };
        return outcome(e.status(), FhirIssue.outcome(code, e.getMessage()));
    }

    /** What the framework refuses before a resource's code runs, such as a body that is too large. */
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        IssueType code = switch (status) {
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 413 -> IssueType.TOOCOSTLY;
            default -> IssueType.INVALID;
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        return outcome(status, FhirIssue.outcome(code, known == null ? "The request was refused." : known.getReasonPhrase() + "."));
    }

    public Response unexpected(Throwable e) {
        java.util.Optional<String> dependency = Unavailable.dependencyOf(e);
        if (dependency.isPresent()) {
            LOG.warnf("The FHIR door could not be served: the %s did not answer in time", dependency.get());
            return outcome(503, FhirIssue.outcome(IssueType.TRANSIENT, Unavailable.detail(e, dependency.get())));
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure of the FHIR door, incident %s", incident);
        return outcome(500, FhirIssue.outcome(IssueType.EXCEPTION,
                "The service failed unexpectedly. Quote incident " + incident + " to the service desk."));
    }

    public Response outcome(int status, List<FhirIssue> issues) {
        return outcome(status, FhirIssue.outcome(issues));
    }

    public Response outcome(int status, IBaseResource outcome) {
        Response.ResponseBuilder response = Response.status(status).type(FhirCodings.FHIR_JSON)
                .entity(fhir.newJsonParser().encodeResourceToString(outcome));
        // A 503 is a refusal to be retried: say when, as the platform's problem+json answers do.
        return (status == 503 ? response.header("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS) : response).build();
    }
}
