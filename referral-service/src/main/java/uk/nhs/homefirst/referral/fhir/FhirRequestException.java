package uk.nhs.homefirst.referral.fhir;

import java.util.List;

/** A FHIR request refused with an OperationOutcome: its status and its issues. */
public class FhirRequestException extends RuntimeException {

    private final int status;
    private final transient List<FhirIssue> issues;

    public FhirRequestException(int status, List<FhirIssue> issues) {
        super(issues.size() + " issue(s)");
        this.status = status;
        this.issues = List.copyOf(issues);
    }

    public int status() {
        return status;
    }

    public List<FhirIssue> issues() {
        return issues;
    }
}
