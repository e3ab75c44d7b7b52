package uk.nhs.homefirst.referral.fhir;

import java.time.Instant;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * A stored referral as the ServiceRequest its referrer reads back: the same codings the intake
 * reads ({@link ServiceRequestMapping}), so that what comes back could be posted again, with the
 * Patient and the requester's PractitionerRole contained. Its id is the referral id; an extension
 * gives the time the response clock started.
 */
public final class ServiceRequestView {

    private ServiceRequestView() {
    }

    public static ServiceRequest of(Referral referral) {
        ServiceRequest sr = new ServiceRequest();
        sr.setId(referral.id.toString());
        sr.getMeta().setLastUpdatedElement(new InstantType(referral.recordedAt.toString()));
        sr.addIdentifier().setSystem(FhirCodings.REFERRAL_ID).setValue(referral.id.toString());
        if (referral.sourceSystem != null) {
            sr.addIdentifier().setSystem(referral.sourceSystem).setValue(referral.sourceReferralId);
        }
        sr.setStatus(status(referral));
        sr.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        sr.addCategory().addCoding().setSystem(FhirCodings.REFERRAL_SOURCE).setCode(referral.source.name());
        CodeableConcept needs = sr.addCategory();
        for (String need : referral.clinicalNeeds) {
            needs.addCoding().setSystem(FhirCodings.CLINICAL_NEED).setCode(need);
        }
        sr.setPriority(FhirCodings.priority(referral.requestedUrgency));
        CodeableConcept reason = sr.addReasonCode().setText(referral.reasonText);
        if (referral.snomedCode != null) {
            reason.addCoding().setSystem(FhirCodings.SNOMED_CT).setCode(referral.snomedCode);
        }
        // authoredOn is what the referrer stated, when it did; the clock start is the service's decision.
        sr.setAuthoredOnElement(dateTime(referral.statedReceivedAt != null ? referral.statedReceivedAt : referral.recordedAt));
        sr.addExtension(FhirCodings.CLOCK_START_EXTENSION, dateTime(referral.receivedAt));
        if (referral.awaitsDischarge) {
            // Read back as a hospital sends it (ServiceRequestMapping): the expected day, the pathway once known.
            if (referral.expectedDischargeDate != null) {
                sr.setOccurrence(new Period().setStartElement(new DateTimeType(referral.expectedDischargeDate.toString())));
            }
            Integer pathway = referral.dischargePathway;
            if (pathway != null) {
                sr.addCategory().addCoding().setSystem(FhirCodings.DISCHARGE_PATHWAY).setCode(pathway.toString());
            }
        }

        Patient patient = new Patient();
        patient.setId("patient");
        patient.addIdentifier().setSystem(FhirCodings.NHS_NUMBER).setValue(referral.nhsNumber);
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(referral.familyName).addGiven(referral.givenName);
        patient.setBirthDateElement(new DateType(referral.dateOfBirth.toString()));
        patient.addAddress().setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME).setPostalCode(referral.postcode);
        if (referral.phone != null) {
            patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(referral.phone);
        }
        patient.addGeneralPractitioner(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirCodings.ODS_ORGANIZATION_CODE).setValue(referral.gpPracticeOdsCode)));
        sr.addContained(patient);
        sr.setSubject(new Reference("#patient"));

        PractitionerRole requester = new PractitionerRole();
        requester.setId("requester");
        requester.setOrganization(new Reference().setType("Organization").setIdentifier(
                new Identifier().setSystem(FhirCodings.ODS_ORGANIZATION_CODE).setValue(referral.referrerOdsCode)));
        requester.addCode().addCoding().setSystem(FhirCodings.REFERRER_ROLE).setCode(referral.referrerRole.name());
        requester.setPractitioner(new Reference().setDisplay(referral.referrerName));
        sr.addContained(requester);
        sr.setRequester(new Reference("#requester"));
        return sr;
    }

    /** From the status enum, every value named: a new status does not compile until it is mapped here. */
    static ServiceRequest.ServiceRequestStatus status(Referral referral) {
        if (referral.status == null) {
            return ServiceRequest.ServiceRequestStatus.ACTIVE;
        }
        return switch (referral.status) {
            // A decline stands only until a later decision: the request is still active.
            case RECEIVED, TRIAGED, DECLINED, ALLOCATED, VISITED, SENT_BACK -> ServiceRequest.ServiceRequestStatus.ACTIVE;
            case CANCELLED -> ServiceRequest.ServiceRequestStatus.REVOKED;
            case CLOSED -> ServiceRequest.ServiceRequestStatus.COMPLETED;
        };
    }

    /** In UTC, to the microsecond as stored, so that it reads back equal to the referral's times. */
    private static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(instant.toString());
    }
}
