package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CachingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * A submission judged against the FHIR R4 structure definitions by HAPI's validator: cardinality,
 * data types, required bindings, invariants; and the profiles of any FHIR packages configured
 * ({@code homefirst.fhir.profile-packages}): the UK Core package cannot be fetched here, so a
 * deployment adds it (see the service's API.md). Only errors refuse;
 * codes of systems with no terminology server here (SNOMED CT) are not looked up.
 */
public final class FhirStructureValidator {

    // A value quoted in a message may be patient data: messages say where and which rule, not what was sent.
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    private final FhirValidator validator;

    public FhirStructureValidator(FhirContext fhir) {
        this(fhir, List.of());
    }

    /**
     * @param packages FHIR NPM packages (.tgz) whose profiles, value sets and code systems are
     *                 judged too, such as UK Core's: a ServiceRequest that claims a profile of one in
     *                 {@code meta.profile} is validated against it
     */
    public FhirStructureValidator(FhirContext fhir, List<Path> packages) {
        PrePopulatedValidationSupport profiles = new PrePopulatedValidationSupport(fhir);
        packages.forEach(p -> load(fhir, p, profiles));
        ValidationSupportChain chain = new ValidationSupportChain(profiles, new DefaultProfileValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        FhirInstanceValidator instance = new ReusingInstanceValidator(new CachingValidationSupport(chain),
                ReusingInstanceValidator.USES);
        instance.setAnyExtensionsAllowed(true);
        instance.setErrorForUnknownProfiles(false);
        this.validator = fhir.newValidator().registerValidatorModule(instance);
    }

    private static void load(FhirContext fhir, Path path, PrePopulatedValidationSupport into) {
        try (InputStream in = Files.newInputStream(path)) {
            NpmPackage npm = NpmPackage.fromPackage(in);
            for (String name : npm.listResources("StructureDefinition", "ValueSet", "CodeSystem")) {
                try (InputStream resource = npm.loadResource(name)) {
                    into.addResource(fhir.newJsonParser().parseResource(resource));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The FHIR package " + path + " could not be read: " + e.getMessage(), e);
        }
    }

    /** The errors in the resource, each said of the element it is about. */
    public List<FhirIssue> validate(IBaseResource resource) {
        return errors(validator.validateWithResult(resource));
    }

    /**
     * The errors in a resource as the client sent it, in FHIR JSON: judged as sent, rather than as
     * HAPI's model re-encodes what it read (which took 7% of a validation, and could drop content).
     */
    public List<FhirIssue> validate(String json) {
        return errors(validator.validateWithResult(json));
    }

    private static List<FhirIssue> errors(ValidationResult result) {
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
