package uk.nhs.homefirst.referral.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * One problem with a submitted resource, as one {@code OperationOutcome.issue} of severity error.
 *
 * @param code        {@code invalid} for a value that breaks a rule, {@code required} for an absent
 *                    element, {@code structure} for content that is not the FHIR it should be
 * @param expression  the FHIRPath of the element, rooted at its resource type, such as
 *                    {@code Patient.identifier[0].value}; null when the problem is the whole body
 * @param diagnostics what is wrong and what is expected. Never repeats a value that was sent: it
 *                    may be patient data.
 */
public record FhirIssue(IssueType code, String expression, String diagnostics) {

    public static FhirIssue invalid(String expression, String diagnostics) {
        return new FhirIssue(IssueType.INVALID, expression, diagnostics);
    }

    public static FhirIssue required(String expression, String diagnostics) {
        return new FhirIssue(IssueType.REQUIRED, expression, diagnostics);
    }

    public static FhirIssue structure(String expression, String diagnostics) {
        return new FhirIssue(IssueType.STRUCTURE, expression, diagnostics);
    }

    /** An OperationOutcome with one issue per problem, in order. */
    public static OperationOutcome outcome(List<FhirIssue> issues) {
        OperationOutcome outcome = new OperationOutcome();
        for (FhirIssue issue : issues) {
            OperationOutcome.OperationOutcomeIssueComponent component = outcome.addIssue()
                    .setSeverity(IssueSeverity.ERROR)
                    .setCode(issue.code())
                    .setDiagnostics(issue.diagnostics());
            if (issue.expression() != null) {
                component.addExpression(issue.expression());
            }
        }
        return outcome;
    }

    /** An OperationOutcome of one issue with any code, such as not-found or not-supported. */
    public static OperationOutcome outcome(IssueType code, String diagnostics) {
        return outcome(List.of(new FhirIssue(code, null, diagnostics)));
    }
}
