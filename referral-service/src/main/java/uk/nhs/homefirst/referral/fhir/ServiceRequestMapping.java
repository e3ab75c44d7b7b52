package uk.nhs.homefirst.referral.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.referral.intake.ReferralRequest;

/**
 * Reads a submitted ServiceRequest into the {@link ReferralRequest} that the JSON intake takes, so
 * that both go through the same validation and the same intake. Nothing is judged here that the
 * validator judges; this reads, and says what it could not read.
 *
 * <p>Where each field is read from is tabled in this package's documentation ({@code package-info}).
 * Each value read is recorded with the FHIRPath it came from, so that what the validator says of a
 * field is said of that element.
 */
public final class ServiceRequestMapping {

    private static final Pattern FHIR_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

    /**
     * @param request  the referral as read
     * @param origins  for each field of the request that had a value, the FHIRPath it came from
     * @param expected for fields that had none, where the sender should have put it, when that
     *                 differs from the usual place (such as the requester, when it is not a PractitionerRole)
     * @param issues   what could not be read at all
     * @param judged   fields (and everything under them) whose problems {@code issues} already states
     * @param needsUncoded no need was stated in this platform's code system and no SNOMED CT concept of the
     *                 table was sent: the referral goes to LDU review with no needs, its reason in words kept
     */
    public record Result(ReferralRequest request, Map<String, String> origins, Map<String, String> expected,
            List<FhirIssue> issues, Set<String> judged, boolean needsUncoded) {
    }

    private final Submission submission;
    private final ServiceRequest sr;
    private final Map<String, String> origins = new HashMap<>();
    private final Map<String, String> expected = new HashMap<>();
    private final List<FhirIssue> issues = new ArrayList<>();
    private final Set<String> judged = new HashSet<>();
    /** The kind of the requester's organisation, where its ODS code or role shows it. */
    private OdsOrganisationKind requesterKind;

    private ServiceRequestMapping(Submission submission) {
        this.submission = submission;
        this.sr = submission.serviceRequest();
    }

    public static Result map(Submission submission) {
        return new ServiceRequestMapping(submission).map();
    }

    private Result map() {
        checkStatusAndIntent();
        String urgency = urgency();
        String receivedAt = authoredOn();
        String[] sourceReference = sourceReference();
        String source = null;
        List<String> needs = new ArrayList<>();
        for (int i = 0; i < sr.getCategory().size(); i++) {
            for (Coding coding : sr.getCategory().get(i).getCoding()) {
                if (FhirCodings.REFERRAL_SOURCE.equals(coding.getSystem())) {
                    if (source == null) {
                        source = coding.getCode();
                        origins.put("source", "ServiceRequest.category[" + i + "]");
                    } else {
                        issues.add(FhirIssue.invalid("ServiceRequest.category[" + i + "]", "ServiceRequest.category["
                                + i + "] repeats the referral source: give one coding of " + FhirCodings.REFERRAL_SOURCE + "."));
                    }
                } else if (FhirCodings.CLINICAL_NEED.equals(coding.getSystem())) {
                    origins.put("clinicalNeeds[" + needs.size() + "]", "ServiceRequest.category[" + i + "]");
                    needs.add(coding.getCode());
                }
            }
        }
        boolean uncoded = false;
        if (needs.isEmpty()) {
            // Stated needs win; without them, the SNOMED CT concepts sent stand for them, through the table.
            needs = snomedNeeds();
            uncoded = needs.isEmpty();
        }
        if (!needs.isEmpty()) {
            origins.put("clinicalNeeds", "ServiceRequest.category");
        }
        ReferralRequest.Reason reason = reason();
        ReferralRequest.Patient patient = patient();
        ReferralRequest.Referrer referrer = referrer();
        if (source == null && requesterKind != null) {
            source = requesterKind.source().name();
            origins.put("source", "ServiceRequest.requester");
        } else if (source == null && referrer != null) {
            expected.put("source", "ServiceRequest.requester");
        }
        ReferralRequest.Discharge discharge = ReferralSource.ACUTE_HOSPITAL.name().equals(source) ? discharge() : null;
        ReferralRequest request = new ReferralRequest(source, sourceReference[0], sourceReference[1], urgency,
                receivedAt, needs, reason, patient, referrer, discharge);
        return new Result(request, Map.copyOf(origins), Map.copyOf(expected), List.copyOf(issues), Set.copyOf(judged),
                uncoded);
    }

    /**
     * A hospital's referral before discharge: when the service should start ({@code occurrence}) is
     * the day the hospital expects the discharge, and a category of our discharge-pathway code system
     * the national pathway. Either makes the referral await its discharge (an Encounter confirms it).
     * Other requesters' {@code occurrence} is not read: their clocks start at receipt.
     */
    private ReferralRequest.Discharge discharge() {
        String expectedDate = null;
        if (sr.hasOccurrencePeriod() && sr.getOccurrencePeriod().hasStart()) {
            expectedDate = day(sr.getOccurrencePeriod().getStartElement().getValueAsString());
            origins.put("discharge.expectedDate", "ServiceRequest.occurrencePeriod.start");
        } else if (sr.hasOccurrenceDateTimeType()) {
            expectedDate = day(sr.getOccurrenceDateTimeType().getValueAsString());
            origins.put("discharge.expectedDate", "ServiceRequest.occurrenceDateTime");
        }
        Integer pathway = null;
        for (int i = 0; i < sr.getCategory().size(); i++) {
            for (Coding coding : sr.getCategory().get(i).getCoding()) {
                if (FhirCodings.DISCHARGE_PATHWAY.equals(coding.getSystem()) && pathway == null) {
                    String path = "ServiceRequest.category[" + i + "]";
                    origins.put("discharge.pathway", path);
                    pathway = coding.hasCode() && coding.getCode().matches("\\d") ? Integer.valueOf(coding.getCode()) : null;
                    if (pathway == null) {
                        judged.add("discharge.pathway");
                        issues.add(FhirIssue.invalid(path, path + " must be a discharge pathway from 0 to 3 ("
                                + FhirCodings.DISCHARGE_PATHWAY + ")."));
                    }
                }
            }
        }
        return expectedDate == null && !origins.containsKey("discharge.pathway") ? null
                : new ReferralRequest.Discharge(expectedDate, pathway);
    }

    /** The day of a FHIR date or dateTime as the sender wrote it (its own time zone). */
    private static String day(String dateOrDateTime) {
        return dateOrDateTime == null || dateOrDateTime.length() < 10 ? dateOrDateTime : dateOrDateTime.substring(0, 10);
    }

    /** The needs of the SNOMED CT concepts in reasonCode, then code, that the table knows; each need once. */
    private List<String> snomedNeeds() {
        List<String> needs = new ArrayList<>();
        List<CodeableConcept> concepts = new ArrayList<>(sr.getReasonCode());
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < sr.getReasonCode().size(); i++) {
            paths.add("ServiceRequest.reasonCode[" + i + "]");
        }
        if (sr.hasCode()) {
            concepts.add(sr.getCode());
            paths.add("ServiceRequest.code");
        }
        for (int i = 0; i < concepts.size(); i++) {
            List<Coding> codings = concepts.get(i).getCoding();
            for (int c = 0; c < codings.size(); c++) {
                Coding coding = codings.get(c);
                if (!FhirCodings.SNOMED_CT.equals(coding.getSystem())) {
                    continue;
                }
                Optional<ClinicalNeed> need = SnomedNeeds.standard().need(coding.getCode());
                if (need.isPresent() && !needs.contains(need.get().name())) {
                    origins.put("clinicalNeeds[" + needs.size() + "]", paths.get(i) + ".coding[" + c + "].code");
                    needs.add(need.get().name());
                }
            }
        }
        return needs;
    }

    private void checkStatusAndIntent() {
        String status = sr.getStatusElement().getValueAsString();
        if (status == null || status.isBlank()) {
            issues.add(FhirIssue.required("ServiceRequest.status", "ServiceRequest.status is required: active."));
        } else if (!"active".equals(status)) {
            issues.add(FhirIssue.invalid("ServiceRequest.status",
                    "ServiceRequest.status must be active: a referral the service is to act on."));
        }
        String intent = sr.getIntentElement().getValueAsString();
        if (intent == null || intent.isBlank()) {
            issues.add(FhirIssue.required("ServiceRequest.intent", "ServiceRequest.intent is required, such as order."));
        } else if (sr.getIntent() == null) {
            issues.add(FhirIssue.invalid("ServiceRequest.intent",
                    "ServiceRequest.intent must be a FHIR R4 request intent, such as order."));
        }
    }

    private String urgency() {
        String priority = sr.getPriorityElement().getValueAsString();
        judged.add("requestedUrgency");
        if (priority == null || priority.isBlank()) {
            issues.add(FhirIssue.required("ServiceRequest.priority",
                    "ServiceRequest.priority is required: routine, urgent, asap or stat (a crisis)."));
            return null;
        }
        Optional<String> urgency = FhirCodings.urgency(priority).map(Enum::name);
        if (urgency.isEmpty()) {
            issues.add(FhirIssue.invalid("ServiceRequest.priority",
                    "ServiceRequest.priority must be routine, urgent, asap or stat (a crisis)."));
        }
        origins.put("requestedUrgency", "ServiceRequest.priority");
        return urgency.orElse(null);
    }

    private String authoredOn() {
        String authoredOn = sr.getAuthoredOnElement().getValueAsString();
        if (authoredOn == null || authoredOn.isBlank()) {
            return null;
        }
        origins.put("receivedAt", "ServiceRequest.authoredOn");
        if (!FHIR_DATE_TIME.matcher(authoredOn).matches() || sr.getAuthoredOn() == null) {
            judged.add("receivedAt");
            issues.add(FhirIssue.invalid("ServiceRequest.authoredOn", "ServiceRequest.authoredOn must be a dateTime "
                    + "with seconds and a time zone, such as 2026-11-23T09:15:00Z: it may start the response clock."));
            return null;
        }
        return authoredOn;
    }

    /** The sender's own identifier of the referral: the first one that is not this service's. */
    private String[] sourceReference() {
        List<Identifier> identifiers = sr.getIdentifier();
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier identifier = identifiers.get(i);
            if (FhirCodings.REFERRAL_ID.equals(identifier.getSystem()) || (!identifier.hasSystem() && !identifier.hasValue())) {
                continue;
            }
            if (identifier.hasSystem()) {
                origins.put("sourceSystem", "ServiceRequest.identifier[" + i + "].system");
            }
            if (identifier.hasValue()) {
                origins.put("sourceReferralId", "ServiceRequest.identifier[" + i + "].value");
            }
            return new String[] {identifier.getSystem(), identifier.getValue()};
        }
        return new String[] {null, null};
    }

    /** The reason from reasonCode; a ServiceRequest with none gives it in code (what is asked for) instead. */
    private ReferralRequest.Reason reason() {
        List<CodeableConcept> reasons = sr.getReasonCode();
        String element = "ServiceRequest.reasonCode";
        if (reasons.isEmpty() && sr.hasCode()) {
            reasons = List.of(sr.getCode());
            element = "ServiceRequest.code";
        }
        if (reasons.isEmpty()) {
            return null;
        }
        boolean many = element.endsWith("reasonCode");
        List<String> texts = new ArrayList<>();
        String snomed = null;
        for (int i = 0; i < reasons.size(); i++) {
            CodeableConcept reason = reasons.get(i);
            String at = many ? element + "[" + i + "]" : element;
            String text = reason.hasText() ? reason.getText() : null;
            String textAt = at + ".text";
            for (int c = 0; c < reason.getCoding().size(); c++) {
                Coding coding = reason.getCoding().get(c);
                if (text == null && coding.hasDisplay()) {
                    text = coding.getDisplay();
                    textAt = at + ".coding[" + c + "].display";
                }
                if (snomed == null && FhirCodings.SNOMED_CT.equals(coding.getSystem()) && coding.hasCode()) {
                    snomed = coding.getCode();
                    origins.put("reason.snomedCode", at + ".coding[" + c + "].code");
                }
            }
            if (text != null) {
                texts.add(text);
                origins.put("reason.text", texts.size() == 1 ? textAt : element);
            }
        }
        origins.put("reason", element);
        // Several reasons are kept, in words, rather than all but one dropped.
        return new ReferralRequest.Reason(texts.isEmpty() ? null : String.join("; ", texts), snomed);
    }

    private ReferralRequest.Patient patient() {
        Reference subject = sr.getSubject();
        if (subject == null || subject.isEmpty()) {
            return null;
        }
        Optional<Resource> resolved = submission.resolve(subject);
        if (resolved.isEmpty() || !(resolved.get() instanceof Patient patient)) {
            judged.add("patient");
            issues.add(FhirIssue.invalid("ServiceRequest.subject", "ServiceRequest.subject must reference the Patient: "
                    + (submission.isBundle() ? "an entry of the Bundle, by its fullUrl." : "a contained Patient, as #id.")));
            return null;
        }
        origins.put("patient", "ServiceRequest.subject");

        String nhsNumber = null;
        for (int i = 0; i < patient.getIdentifier().size() && nhsNumber == null; i++) {
            Identifier identifier = patient.getIdentifier().get(i);
            if (FhirCodings.NHS_NUMBER.equals(identifier.getSystem())) {
                nhsNumber = identifier.getValue();
                origins.put("patient.nhsNumber", "Patient.identifier[" + i + "].value");
            }
        }

        String given = null;
        String family = null;
        int n = chosenName(patient.getName());
        if (n >= 0) {
            HumanName name = patient.getName().get(n);
            if (name.hasGiven()) {
                given = name.getGiven().stream().map(StringType::getValue)
                        .filter(g -> g != null && !g.isBlank()).collect(Collectors.joining(" "));
                origins.put("patient.givenName", "Patient.name[" + n + "].given");
            }
            if (name.hasFamily()) {
                family = name.getFamily();
                origins.put("patient.familyName", "Patient.name[" + n + "].family");
            }
        }

        String birthDate = patient.getBirthDateElement().getValueAsString();
        if (birthDate != null) {
            origins.put("patient.dateOfBirth", "Patient.birthDate");
        }

        String postcode = null;
        int a = chosenAddress(patient.getAddress());
        if (a >= 0) {
            postcode = patient.getAddress().get(a).getPostalCode();
            origins.put("patient.postcode", "Patient.address[" + a + "].postalCode");
        }

        String phone = null;
        for (int i = 0; i < patient.getTelecom().size() && phone == null; i++) {
            ContactPoint telecom = patient.getTelecom().get(i);
            if (telecom.getSystem() == ContactPoint.ContactPointSystem.PHONE && telecom.hasValue()) {
                phone = telecom.getValue();
                origins.put("patient.phone", "Patient.telecom[" + i + "].value");
            }
        }

        String practice = null;
        for (int i = 0; i < patient.getGeneralPractitioner().size() && practice == null; i++) {
            String at = "Patient.generalPractitioner[" + i + "]";
            practice = odsCode(patient.getGeneralPractitioner().get(i), at, "patient.gpPracticeOdsCode");
        }

        return new ReferralRequest.Patient(nhsNumber, given, family, birthDate, postcode, practice, phone);
    }

    private ReferralRequest.Referrer referrer() {
        Reference requester = sr.getRequester();
        if (requester == null || requester.isEmpty()) {
            return null;
        }
        origins.put("referrer", "ServiceRequest.requester");
        Optional<Resource> resolved = submission.resolve(requester);
        if (resolved.isEmpty()) {
            if (Submission.pointsSomewhere(requester)) {
                judged.add("referrer");
                issues.add(FhirIssue.invalid("ServiceRequest.requester", "ServiceRequest.requester must reference the "
                        + "referrer's PractitionerRole or Organization: " + (submission.isBundle()
                        ? "an entry of the Bundle, by its fullUrl." : "a contained resource, as #id.")));
                return null;
            }
            // A reference by identifier alone names the organisation: its code's form may show its kind.
            String ods = odsCode(requester, "ServiceRequest.requester", "referrer.organisationOdsCode");
            return new ReferralRequest.Referrer(ods, roleOfKind(ods, List.of()),
                    displayName(requester, "ServiceRequest.requester.display"));
        }
        Resource resource = resolved.get();
        if (resource instanceof PractitionerRole role) {
            return fromPractitionerRole(role);
        }
        if (resource instanceof Organization organisation) {
            String ods = organisationOds(organisation, "Organization", "referrer.organisationOdsCode");
            String name = displayName(requester, "ServiceRequest.requester.display");
            if (name == null && organisation.hasName()) {
                // A stock requester is the organisation: its name stands for the referrer's.
                name = organisation.getName();
                origins.put("referrer.name", "Organization.name");
            }
            return new ReferralRequest.Referrer(ods, roleOfKind(ods, organisation.getType()), name);
        }
        if (resource instanceof Practitioner practitioner) {
            return new ReferralRequest.Referrer(null, null, practitionerName(practitioner, requester));
        }
        judged.add("referrer");
        issues.add(FhirIssue.invalid("ServiceRequest.requester",
                "ServiceRequest.requester must be the referrer's PractitionerRole or Organization."));
        return null;
    }

    private ReferralRequest.Referrer fromPractitionerRole(PractitionerRole role) {
        expected.put("referrer.organisationOdsCode", "PractitionerRole.organization");
        expected.put("referrer.role", "PractitionerRole.code");
        expected.put("referrer.name", "PractitionerRole.practitioner");
        String ods = role.hasOrganization()
                ? odsCode(role.getOrganization(), "PractitionerRole.organization", "referrer.organisationOdsCode")
                : null;
        String code = null;
        for (int i = 0; i < role.getCode().size() && code == null; i++) {
            for (Coding coding : role.getCode().get(i).getCoding()) {
                if (FhirCodings.REFERRER_ROLE.equals(coding.getSystem())) {
                    code = coding.getCode();
                    origins.put("referrer.role", "PractitionerRole.code[" + i + "]");
                    break;
                }
            }
        }
        Optional<Resource> organisation = role.hasOrganization() ? submission.resolve(role.getOrganization()) : Optional.empty();
        String implied = roleOfKind(ods, organisation.isPresent() && organisation.get() instanceof Organization o
                ? o.getType() : List.of());
        // A role stated in this platform's codes wins over the one the organisation implies.
        code = code == null ? implied : code;
        String name = null;
        if (role.hasPractitioner()) {
            Optional<Resource> practitioner = submission.resolve(role.getPractitioner());
            name = practitioner.isPresent() && practitioner.get() instanceof Practitioner p
                    ? practitionerName(p, role.getPractitioner())
                    : displayName(role.getPractitioner(), "PractitionerRole.practitioner.display");
        }
        return new ReferralRequest.Referrer(ods, code, name);
    }

    /**
     * Notes the kind of the requester's organisation (it gives the referral source when no category
     * does) and answers the referrer role it implies, or null when its code and role show no kind.
     */
    private String roleOfKind(String ods, List<CodeableConcept> types) {
        requesterKind = OdsOrganisationKind.of(ods, types).orElse(null);
        if (requesterKind == null) {
            return null;
        }
        origins.putIfAbsent("referrer.role", "ServiceRequest.requester");
        return requesterKind.role().name();
    }

    private String practitionerName(Practitioner practitioner, Reference via) {
        int n = chosenName(practitioner.getName());
        if (n >= 0) {
            HumanName name = practitioner.getName().get(n);
            String text = name.hasText() ? name.getText() : List.of(name.getPrefixAsSingleString(),
                    name.getGivenAsSingleString(), name.hasFamily() ? name.getFamily() : "").stream()
                    .filter(part -> part != null && !part.isBlank())
                    .collect(Collectors.joining(" "));
            if (!text.isBlank()) {
                origins.put("referrer.name", "Practitioner.name[" + n + "]");
                return text;
            }
        }
        return displayName(via, "PractitionerRole.practitioner.display");
    }

    private String displayName(Reference reference, String at) {
        if (reference != null && reference.hasDisplay()) {
            origins.put("referrer.name", at);
            return reference.getDisplay();
        }
        return null;
    }

    /** The ODS code of an organisation referenced by identifier, or of the Organization (or PractitionerRole) referenced. */
    private String odsCode(Reference reference, String at, String field) {
        if (reference.hasIdentifier() && FhirCodings.ODS_ORGANIZATION_CODE.equals(reference.getIdentifier().getSystem())) {
            origins.put(field, at + ".identifier.value");
            return reference.getIdentifier().getValue();
        }
        Optional<Resource> resolved = submission.resolve(reference);
        if (resolved.isPresent() && resolved.get() instanceof Organization organisation) {
            return organisationOds(organisation, "Organization", field);
        }
        if (resolved.isPresent() && resolved.get() instanceof PractitionerRole role && role.hasOrganization()) {
            return odsCode(role.getOrganization(), "PractitionerRole.organization", field);
        }
        return null;
    }

    private String organisationOds(Organization organisation, String at, String field) {
        for (int i = 0; i < organisation.getIdentifier().size(); i++) {
            Identifier identifier = organisation.getIdentifier().get(i);
            if (FhirCodings.ODS_ORGANIZATION_CODE.equals(identifier.getSystem())) {
                origins.put(field, at + ".identifier[" + i + "].value");
                return identifier.getValue();
            }
        }
        return null;
    }

    /** The official name, else the usual one, else the first; -1 when there is none. */
    private static int chosenName(List<HumanName> names) {
        for (HumanName.NameUse use : List.of(HumanName.NameUse.OFFICIAL, HumanName.NameUse.USUAL)) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).getUse() == use) {
                    return i;
                }
            }
        }
        return names.isEmpty() ? -1 : 0;
    }

    /** The home address with a postcode, else the first with one; -1 when none has one. */
    private static int chosenAddress(List<Address> addresses) {
        int first = -1;
        for (int i = 0; i < addresses.size(); i++) {
            if (!addresses.get(i).hasPostalCode()) {
                continue;
            }
            if (addresses.get(i).getUse() == Address.AddressUse.HOME) {
                return i;
            }
            if (first < 0) {
                first = i;
            }
        }
        return first;
    }
}
