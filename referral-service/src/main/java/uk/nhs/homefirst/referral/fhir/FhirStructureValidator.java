package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CachingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A submission judged against the FHIR R4 structure definitions by HAPI's validator: cardinality,
 * data types, required bindings, invariants. Base R4 only: the UK Core package cannot be fetched
 * here (see the service's API.md for adding its profiles in a deployment). Only errors refuse;
 * codes of systems with no terminology server here (SNOMED CT) are not looked up.
 */
public final class FhirStructureValidator {

    // A value quoted in a message may be patient data: messages say where and which rule, not what was sent.
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    private final FhirValidator validator;

    public FhirStructureValidator(FhirContext fhir) {
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir));
        FhirInstanceValidator instance = new FhirInstanceValidator(new CachingValidationSupport(chain));
        instance.setAnyExtensionsAllowed(true);
        instance.setErrorForUnknownProfiles(false);
        instance.setNoTerminologyChecks(false);
        this.validator = fhir.newValidator().registerValidatorModule(instance);
    }

    /** The errors in the resource, each said of the element it is about. */
    public List<FhirIssue> validate(IBaseResource resource) {
        ValidationResult result = validator.validateWithResult(resource);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirStructureValidator::issue)
                .toList();
    }

    private static FhirIssue issue(SingleValidationMessage message) {
        String location = message.getLocationString();
        String diagnostics = QUOTED.matcher(message.getMessage()).replaceAll("'…'");
        return new FhirIssue(IssueType.STRUCTURE, location == null || location.isBlank() ? null : location,
                "Not valid FHIR R4: " + diagnostics);
    }
}
