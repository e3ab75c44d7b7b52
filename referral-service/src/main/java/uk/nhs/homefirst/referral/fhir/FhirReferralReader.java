package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.platform.problem.Problem;
import uk.nhs.homefirst.referral.intake.ReferralRequest;
import uk.nhs.homefirst.referral.intake.ReferralValidator;
import uk.nhs.homefirst.referral.intake.ValidReferral;

/**
 * A FHIR submission, from body to valid referral: HAPI parses it, {@link Submission} finds the
 * ServiceRequest and what it references, {@link ServiceRequestMapping} reads it into a
 * {@link ReferralRequest}, and the JSON intake's own {@link ReferralValidator} judges that. Every
 * problem found on the way comes back as one issue, in FHIR terms: the validator's field names
 * become the FHIRPaths the values were read from.
 */
public final class FhirReferralReader {

    /** Where an absent field belongs, and what to put there. */
    private record Absent(String expression, String wanted) {
    }

    private static final Map<String, Absent> ABSENT = Map.ofEntries(
            Map.entry("source", new Absent("ServiceRequest.category", "must include the referral source: a coding of "
                    + FhirCodings.REFERRAL_SOURCE + ", one of " + Arrays.toString(ReferralSource.values())
                    + "; or the requester's organisation must show its kind, by its ODS code (a GP practice's, such as "
                    + "C82001, or an NHS trust's, such as RWE) or an Organization.type coding of " + OdsOrganisationKind.ODS_ROLE)),
            Map.entry("clinicalNeeds", new Absent("ServiceRequest.category", "must include the clinical needs: "
                    + "one or more codings of " + FhirCodings.CLINICAL_NEED + ", of " + Arrays.toString(ClinicalNeed.values()))),
            Map.entry("requestedUrgency", new Absent("ServiceRequest.priority", "is required: routine, urgent, asap or stat")),
            Map.entry("receivedAt", new Absent("ServiceRequest.authoredOn", "is required")),
            Map.entry("sourceSystem", new Absent("ServiceRequest.identifier",
                    "must have both a system and a value: the sending system's own id of the referral")),
            Map.entry("sourceReferralId", new Absent("ServiceRequest.identifier",
                    "must have both a system and a value: the sending system's own id of the referral")),
            Map.entry("reason", new Absent("ServiceRequest.reasonCode",
                    "is required: the reason in words, with an optional SNOMED CT coding (" + FhirCodings.SNOMED_CT + ")")),
            Map.entry("reason.text", new Absent("ServiceRequest.reasonCode.text",
                    "is required: the reason in words (or a display on its coding)")),
            Map.entry("reason.snomedCode", new Absent("ServiceRequest.reasonCode.coding", "is required")),
            Map.entry("patient", new Absent("ServiceRequest.subject",
                    "is required: a reference to the Patient, contained (#id) or an entry of the Bundle (its fullUrl)")),
            Map.entry("patient.nhsNumber", new Absent("Patient.identifier",
                    "must include the NHS number: an identifier with system " + FhirCodings.NHS_NUMBER)),
            Map.entry("patient.givenName", new Absent("Patient.name.given", "is required")),
            Map.entry("patient.familyName", new Absent("Patient.name.family", "is required")),
            Map.entry("patient.dateOfBirth", new Absent("Patient.birthDate", "is required")),
            Map.entry("patient.postcode", new Absent("Patient.address.postalCode", "is required: the postcode of the patient's home")),
            Map.entry("patient.gpPracticeOdsCode", new Absent("Patient.generalPractitioner",
                    "must reference the registered GP practice by its ODS code: an identifier with system "
                            + FhirCodings.ODS_ORGANIZATION_CODE)),
            Map.entry("patient.phone", new Absent("Patient.telecom", "is required")),
            Map.entry("referrer", new Absent("ServiceRequest.requester",
                    "is required: a reference to the referrer's PractitionerRole, contained (#id) or an entry of the Bundle")),
            Map.entry("referrer.organisationOdsCode", new Absent("ServiceRequest.requester",
                    "must identify the referrer's organisation by its ODS code: an identifier with system "
                            + FhirCodings.ODS_ORGANIZATION_CODE)),
            Map.entry("referrer.role", new Absent("ServiceRequest.requester",
                    "must give the referrer's professional role: a PractitionerRole.code coding of "
                            + FhirCodings.REFERRER_ROLE + ", one of " + Arrays.toString(ReferrerRole.values())
                            + "; or an organisation whose ODS code or Organization.type shows its kind")),
            Map.entry("referrer.name", new Absent("ServiceRequest.requester",
                    "must name the referrer: a Practitioner with a name, or a display on PractitionerRole.practitioner")));

    private final FhirContext fhir;
    private final FhirStructureValidator structure;

    public FhirReferralReader(FhirContext fhir, FhirStructureValidator structure) {
        this.fhir = fhir;
        this.structure = structure;
    }

    /**
     * @param referral the valid referral, or null
     * @param request  the referral as read from the resource, or null when there was none to read
     * @param issues   every problem; empty exactly when {@code referral} is there
     */
    public record Outcome(ValidReferral referral, ReferralRequest request, List<FhirIssue> issues) {
        public Optional<ValidReferral> valid() {
            return Optional.ofNullable(referral);
        }
    }

    /** @param today the date in the service's zone, to judge the date of birth */
    public Outcome read(String body, LocalDate today) {
        FhirBody parsed = FhirBody.parse(fhir, body);
        if (!parsed.readable()) {
            return new Outcome(null, null, parsed.issues());
        }
        Submission.Found found = Submission.of(parsed.resource());
        if (found.submission() == null) {
            return new Outcome(null, null, merge(parsed.issues(), found.issues()));
        }
        ServiceRequestMapping.Result mapping = ServiceRequestMapping.map(found.submission());
        ReferralValidator.Result validation = ReferralValidator.validate(mapping.request(), today, mapping.needsUncoded());

        List<FhirIssue> judged = new ArrayList<>(mapping.issues());
        for (Problem.FieldError error : validation.violations().errors()) {
            if (!coveredBy(mapping.judged(), error.field())) {
                judged.add(translate(error, mapping));
            }
        }
        List<FhirIssue> issues = merge(parsed.issues(), judged);
        if (issues.isEmpty()) {
            // Our rules say more precisely what to fix; the structure definitions judge what they do not reach.
            issues = structure.validate(body);
        }
        ValidReferral referral = issues.isEmpty() ? validation.referral() : null;
        return new Outcome(referral, mapping.request(), issues);
    }

    /** The validator's finding about a field, said of the element the field was read from, or belongs in. */
    static FhirIssue translate(Problem.FieldError error, ServiceRequestMapping.Result mapping) {
        String field = error.field();
        String origin = mapping.origins().get(field);
        if (origin != null) {
            return FhirIssue.invalid(origin, origin + " " + error.message() + ".");
        }
        String general = field.replaceAll("\\[\\d+]", "");
        Absent absent = ABSENT.get(general);
        if (absent == null) {
            // A rule of the validator this reader does not know yet: said of the whole request.
            return FhirIssue.invalid("ServiceRequest", "The referral's " + field + " " + error.message() + ".");
        }
        // Read from nowhere: the element is absent, or none of it is in the system this service reads.
        String expression = mapping.expected().getOrDefault(general, absent.expression());
        String diagnostics = expression + " " + absent.wanted() + ".";
        // The sender's identifier is optional; only half of it is a mistake, not an omission.
        boolean halfAnIdentifier = general.equals("sourceSystem") || general.equals("sourceReferralId");
        return halfAnIdentifier ? FhirIssue.invalid(expression, diagnostics) : FhirIssue.required(expression, diagnostics);
    }

    private static boolean coveredBy(Set<String> judged, String field) {
        return judged.stream().anyMatch(j -> field.equals(j) || field.startsWith(j + ".") || field.startsWith(j + "["));
    }

    /**
     * The parser's issues, less those about an element that a later issue already names (the
     * parser knows only the element's name, the later issue its path and the rule), then the rest.
     */
    private static List<FhirIssue> merge(List<FhirIssue> parser, List<FhirIssue> later) {
        Set<String> named = later.stream()
                .map(FhirIssue::expression)
                .filter(e -> e != null)
                .map(FhirReferralReader::lastElement)
                .collect(Collectors.toSet());
        List<FhirIssue> merged = new ArrayList<>();
        parser.stream().filter(p -> p.expression() == null || !named.contains(p.expression())).forEach(merged::add);
        merged.addAll(later);
        return merged;
    }

    private static String lastElement(String expression) {
        String plain = expression.replaceAll("\\[\\d+]", "");
        return plain.substring(plain.lastIndexOf('.') + 1);
    }
}
