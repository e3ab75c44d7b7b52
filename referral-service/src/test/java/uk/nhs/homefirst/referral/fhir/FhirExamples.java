package uk.nhs.homefirst.referral.fhir;

import java.time.temporal.ChronoUnit;
import uk.nhs.homefirst.harness.TestPatients;
import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Referrals as a GP system's FHIR client builds them: with HAPI's model classes, serialized by
 * HAPI's parser. Each example has a fresh NHS number (a 999 test number) and a fresh identifier.
 */
public final class FhirExamples {

    static final FhirContext FHIR = FhirContext.forR4();
    static final String GP_SYSTEM = "https://gp-system.example.org/Id/referral";
    /** SNOMED CT 161898004, "Falls": a real concept id with a valid Verhoeff check digit. */
    static final String FALLS = "161898004";

    /** The resources of one referral, built but not yet linked: {@link #contained} or {@link #bundle} links them. */
    public static final class Example {
        final String nhsNumber = TestPatients.nhsNumber();
        final String sourceReferralId = UUID.randomUUID().toString();
        final Instant stated = Instant.now().minusSeconds(40 * 60).truncatedTo(ChronoUnit.SECONDS);
        final ServiceRequest request = new ServiceRequest();
        final Patient patient = new Patient();
        final PractitionerRole role = new PractitionerRole();
        final Practitioner practitioner = new Practitioner();
        final Organization referrerOrganisation = new Organization();

        Example() {
            request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
            request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            request.setPriority(ServiceRequest.ServiceRequestPriority.STAT);
            request.addIdentifier().setSystem(GP_SYSTEM).setValue(sourceReferralId);
            request.addCategory().addCoding(new Coding(FhirCodings.REFERRAL_SOURCE, "GP", "GP practice"));
            request.addCategory()
                    .addCoding(new Coding(FhirCodings.CLINICAL_NEED, "FALLS", "Falls"))
                    .addCoding(new Coding(FhirCodings.CLINICAL_NEED, "FRAILTY_DECOMPENSATION", "Frailty"));
            request.addReasonCode().setText("Fall at home, unable to get up")
                    .addCoding(new Coding(FhirCodings.SNOMED_CT, FALLS, "Falls"));
            request.setAuthoredOnElement(new DateTimeType(stated.toString()));

            patient.addIdentifier().setSystem(FhirCodings.NHS_NUMBER).setValue(nhsNumber);
            patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Lovelace").addGiven("Ada");
            patient.setBirthDateElement(new DateType("1941-03-02"));
            patient.addAddress().setUse(Address.AddressUse.HOME).addLine("1 High Street").setCity("Loughborough")
                    .setPostalCode("LE11 3TU");
            patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("0116 496 0000");

            role.addCode().addCoding(new Coding(FhirCodings.REFERRER_ROLE, "GP", "General practitioner"));
            practitioner.addName().setFamily("Patel").addGiven("A").addPrefix("Dr");
            referrerOrganisation.addIdentifier().setSystem(FhirCodings.ODS_ORGANIZATION_CODE).setValue("C82001");
            referrerOrganisation.setName("The Surgery");
        }
    }

    private FhirExamples() {
    }

    /**
     * A stock UK Core referral, as a GP or hospital system sends it: none of this platform's code
     * systems, the requester an Organization known by its ODS code, the reason a SNOMED CT concept.
     */
    public static final class Stock {
        final String nhsNumber = TestPatients.nhsNumber();
        final String sourceReferralId = UUID.randomUUID().toString();
        final ServiceRequest request = new ServiceRequest();
        final Patient patient = new Patient();
        final Organization requester = new Organization();

        Stock(String requesterOds, String conceptId, String display) {
            request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
            request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
            request.setPriority(ServiceRequest.ServiceRequestPriority.URGENT);
            request.addIdentifier().setSystem(GP_SYSTEM).setValue(sourceReferralId);
            request.addReasonCode().addCoding(new Coding(FhirCodings.SNOMED_CT, conceptId, display));
            request.setAuthoredOnElement(new DateTimeType(Instant.now().minusSeconds(600)
                    .truncatedTo(ChronoUnit.SECONDS).toString()));
            patient.addIdentifier().setSystem(FhirCodings.NHS_NUMBER).setValue(nhsNumber);
            patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Hopper").addGiven("Grace");
            patient.setBirthDateElement(new DateType("1936-12-09"));
            patient.addAddress().setUse(Address.AddressUse.HOME).addLine("2 Market Place").setCity("Loughborough")
                    .setPostalCode("LE11 3EB");
            patient.addGeneralPractitioner(odsReference("C82001"));
            requester.addIdentifier().setSystem(FhirCodings.ODS_ORGANIZATION_CODE).setValue(requesterOds);
            requester.setName(requesterOds.equals("RWE") ? "University Hospitals of Leicester NHS Trust" : "The Surgery");
        }

        /** The Patient and the requesting Organization contained. */
        ServiceRequest contained() {
            patient.setId("patient");
            requester.setId("requester");
            request.addContained(patient);
            request.addContained(requester);
            request.setSubject(new Reference("#patient"));
            request.setRequester(new Reference("#requester"));
            return request;
        }

        /** A transaction Bundle of the ServiceRequest, Patient and Organization, by urn:uuid fullUrls. */
        Bundle bundle() {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            String patientUrl = urn();
            String requesterUrl = urn();
            request.setSubject(new Reference(patientUrl));
            request.setRequester(new Reference(requesterUrl));
            entry(bundle, urn(), request);
            entry(bundle, patientUrl, patient);
            entry(bundle, requesterUrl, requester);
            return bundle;
        }
    }

    /** A GP practice's stock referral for a fall. */
    public static Stock stock() {
        return new Stock("C82001", FALLS, "Falls");
    }

    public static Stock stock(String requesterOds, String conceptId, String display) {
        return new Stock(requesterOds, conceptId, display);
    }

    public static Example example() {
        return new Example();
    }

    /**
     * The ServiceRequest with the Patient and the requester's PractitionerRole contained, the
     * organisations referenced by their ODS code, and the practitioner by name only.
     */
    public static ServiceRequest contained(Example e) {
        e.patient.setId("patient");
        e.patient.addGeneralPractitioner(odsReference("C82001"));
        e.role.setId("requester");
        e.role.setOrganization(odsReference("C82001"));
        e.role.setPractitioner(new Reference().setDisplay("Dr A Patel"));
        e.request.addContained(e.patient);
        e.request.addContained(e.role);
        e.request.setSubject(new Reference("#patient"));
        e.request.setRequester(new Reference("#requester"));
        return e.request;
    }

    /**
     * A transaction Bundle: the ServiceRequest, Patient, PractitionerRole, Practitioner and the
     * referrer's Organization as entries referencing each other by their urn:uuid fullUrls.
     */
    static Bundle bundle(Example e) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patient = urn();
        String role = urn();
        String practitioner = urn();
        String organisation = urn();
        e.patient.addGeneralPractitioner(odsReference("C82001"));
        e.role.setOrganization(new Reference(organisation));
        e.role.setPractitioner(new Reference(practitioner));
        e.request.setSubject(new Reference(patient));
        e.request.setRequester(new Reference(role));
        entry(bundle, urn(), e.request);
        entry(bundle, patient, e.patient);
        entry(bundle, role, e.role);
        entry(bundle, practitioner, e.practitioner);
        entry(bundle, organisation, e.referrerOrganisation);
        return bundle;
    }

    public static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    static Reference odsReference(String code) {
        return new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(FhirCodings.ODS_ORGANIZATION_CODE).setValue(code));
    }

    private static void entry(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /** The same number with a wrong check digit. */
    static String withWrongCheckDigit(String nhsNumber) {
        char last = nhsNumber.charAt(9);
        return nhsNumber.substring(0, 9) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
