package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.platform.problem.ProblemException;

/** The FHIR door's one mapping of failures, which ServiceRequestResource and EncounterResource both hand theirs to. */
class FhirOutcomesTest {

    private final FhirOutcomes outcomes = new FhirOutcomes(FHIR);

    @Test
    void aRefusalIsAnOperationOutcomeWithAnIssuePerProblemAtItsFhirPath() {
        Response response = outcomes.refused(new FhirRequestException(400, List.of(
                FhirIssue.required("ServiceRequest.priority", "ServiceRequest.priority is required."))));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo(FhirCodings.FHIR_JSON);
        OperationOutcome outcome = read(response);
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.REQUIRED);
        assertThat(outcome.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("ServiceRequest.priority");
    }

    @Test
    void theIntakesAndTheDischargeRulesRefusalsAreOutcomesButForbiddenStaysAProblem() {
        assertThat(read(outcomes.problem(new ProblemException(409, "Discharged before", "once"), null))
                .getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.CONFLICT);
        Response unavailable = outcomes.problem(new ProblemException(503, "Busy", "retry"), null);
        assertThat(unavailable.getHeaderString("Retry-After")).isNotBlank();
        assertThat(read(unavailable).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
        assertThat(read(outcomes.web(new NotSupportedException())).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
    }

    @Test
    void anUnexpectedFailureNamesAnIncidentAndNothingOfTheRequest() {
        Response response = outcomes.unexpected(new IllegalStateException("patient 9434765919"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(read(response).getIssueFirstRep().getDiagnostics()).contains("incident").doesNotContain("9434765919");
    }

    /** As the JSON door says it (ProblemMappersTest): a commit the database did not confirm may have been made. */
    @Test
    void aCommitTheDatabaseDidNotConfirmIsATransientOutcomeThatDoesNotSayNothingChanged() {
        jakarta.transaction.RollbackException rollback = new jakarta.transaction.RollbackException("Could not commit");
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("Error trying to transactionCommit");
        xa.initCause(new java.sql.SQLException("An I/O error occurred while sending to the backend.", "08006"));
        rollback.addSuppressed(xa);
        Response response = outcomes.unexpected(new IllegalStateException(rollback));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isNotBlank();
        OperationOutcome outcome = read(response);
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.TRANSIENT);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("may have been made")
                .doesNotContain("Nothing was changed");
    }

    private static OperationOutcome read(Response response) {
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, (String) response.getEntity());
    }
}
