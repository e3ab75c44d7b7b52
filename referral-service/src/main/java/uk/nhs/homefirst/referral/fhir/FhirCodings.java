package uk.nhs.homefirst.referral.fhir;

import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * The identifier systems and code systems of the FHIR intake. The NHS ones are those of UK Core;
 * the {@code homefirst} ones are this platform's own, because neither UK Core nor SNOMED CT has a
 * small closed list that matches what the triage rules read (see the service README).
 */
public final class FhirCodings {

    /** The patient's NHS number: {@code Patient.identifier}. */
    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    /** An organisation's ODS code: the referrer's organisation and the registered GP practice. */
    public static final String ODS_ORGANIZATION_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";
    /** SNOMED CT, for the reason: {@code ServiceRequest.reasonCode.coding}. */
    public static final String SNOMED_CT = "http://snomed.info/sct";

    /** Who sent the referral ({@code ReferralSource}): one {@code ServiceRequest.category} coding. */
    public static final String REFERRAL_SOURCE = "https://homefirst.nhs.uk/fhir/CodeSystem/referral-source";
    /** What the patient needs ({@code ClinicalNeed}): one {@code ServiceRequest.category} coding each. */
    public static final String CLINICAL_NEED = "https://homefirst.nhs.uk/fhir/CodeSystem/clinical-need";
    /** The referrer's professional role ({@code ReferrerRole}): a {@code PractitionerRole.code} coding. */
    public static final String REFERRER_ROLE = "https://homefirst.nhs.uk/fhir/CodeSystem/referrer-role";
    /** The national discharge pathway, 0 to 3: a {@code Encounter.hospitalization.dischargeDisposition} coding. */
    public static final String DISCHARGE_PATHWAY = "https://homefirst.nhs.uk/fhir/CodeSystem/discharge-pathway";
    /** The referral's id in this service: an identifier of the ServiceRequest it answers with. */
    public static final String REFERRAL_ID = "https://homefirst.nhs.uk/Id/referral-id";
    /** The time the response clock started, on the ServiceRequest this service answers with. */
    public static final String CLOCK_START_EXTENSION = "https://homefirst.nhs.uk/fhir/StructureDefinition/response-clock-start";

    public static final String FHIR_JSON = "application/fhir+json";

    private FhirCodings() {
    }

    /**
     * The requested urgency of a {@code ServiceRequest.priority} code: stat is a crisis (2-hour
     * response), urgent and asap are urgent (2-day), routine is planned care.
     */
    public static Optional<RequestedUrgency> urgency(String priorityCode) {
        if (priorityCode == null) {
            return Optional.empty();
        }
        return switch (priorityCode.trim().toLowerCase(Locale.ROOT)) {
            case "stat" -> Optional.of(RequestedUrgency.CRISIS);
            case "urgent", "asap" -> Optional.of(RequestedUrgency.URGENT);
            case "routine" -> Optional.of(RequestedUrgency.ROUTINE);
            default -> Optional.empty();
        };
    }

    /** The priority this service answers with for an urgency: the inverse of {@link #urgency}, asap read as urgent. */
    public static ServiceRequestPriority priority(RequestedUrgency urgency) {
        return switch (urgency) {
            case CRISIS -> ServiceRequestPriority.STAT;
            case URGENT -> ServiceRequestPriority.URGENT;
            case ROUTINE -> ServiceRequestPriority.ROUTINE;
        };
    }
}
