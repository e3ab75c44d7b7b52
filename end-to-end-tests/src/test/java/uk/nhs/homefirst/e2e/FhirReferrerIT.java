package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.TestPatients;
import uk.nhs.homefirst.harness.identity.DemoUser;

/**
 * A GP system plugs in as it is: a stock UK Core ServiceRequest (none of this platform's code
 * systems), sent and then followed through HAPI's generic client, while the real services triage
 * it, allocate it to a hub and record the hub's visit; a hospital's waits for the discharge its
 * Encounter confirms. Its patients live in LE4, the City North & West hub's, which no other
 * end-to-end test counts.
 */
class FhirReferrerIT {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final String HUB = "city-north-west";
    private static final String TRUST = "RWE";
    private static final String DISCHARGE_PATHWAY = "https://homefirst.nhs.uk/fhir/CodeSystem/discharge-pathway";
    private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static IGenericClient surgery;

    @BeforeAll
    static void startThePlatform() {
        Platform.services();
        surgery = client(Platform.token("referrer"));
    }

    @Test
    void aStockServiceRequestsTaskFollowsTriageAllocationAndTheFirstVisit() throws Exception {
        Instant authored = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        String id = surgery.create().resource(stockServiceRequest(authored)).execute().getId().getIdPart();

        // Triaged and allocated by the running services: the Task names the pathway and the hub.
        Task allocated = awaitAllocatedAndTriaged(surgery, id);
        assertThat(allocated.getFocus().getReference()).isEqualTo("ServiceRequest/" + id);
        assertThat(allocated.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("URGENT_CRISIS_RESPONSE");
        assertThat(allocated.getOwner().getIdentifier().getValue()).isEqualTo(HUB);
        assertThat(allocated.getAuthoredOn().toInstant()).isEqualTo(authored);

        Instant visited = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.SECONDS);
        recordVisit(id, visited);
        Task inProgress = awaitTask(surgery, id, Task.TaskStatus.INPROGRESS);
        assertThat(inProgress.getExecutionPeriod().getStart().toInstant()).isEqualTo(visited);

        // The referrer's system finds it by status, as it would poll for its seen referrals.
        Bundle seen = surgery.search().forResource(Task.class)
                .where(Task.STATUS.exactly().code(Task.TaskStatus.INPROGRESS.toCode()))
                .returnBundle(Bundle.class).execute();
        assertThat(seen.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).contains(id);
    }

    @Test
    void aHospitalsStockReferralAwaitsTheDischargeItsEncounterConfirmsAndItsTwoDayClockStartsThere() throws Exception {
        IGenericClient trust = client(Platform.token(new DemoUser("referrer", List.of(TRUST), List.of(), null)));
        Instant authored = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        ServiceRequest referral = stockServiceRequest(authored, TRUST, ServiceRequest.ServiceRequestPriority.URGENT,
                new Coding("http://snomed.info/sct", "248279007", "Frailty"));
        LocalDate expected = LocalDate.now(ZoneId.of("Europe/London"));
        referral.setOccurrence(new Period().setStartElement(new DateTimeType(expected.toString())));
        referral.addCategory().addCoding(new Coding(DISCHARGE_PATHWAY, "1", "Home with support"));
        String id = trust.create().resource(referral).execute().getId().getIdPart();
        assertThat(trust.read().resource(ServiceRequest.class).withId(id).execute().getOccurrencePeriod()
                .getStartElement().getValueAsString()).as("read back as sent").isEqualTo(expected.toString());

        // Triaged by its discharge pathway and allocated while the patient is still in hospital.
        Task allocated = awaitAllocatedAndTriaged(trust, id);
        assertThat(allocated.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("HOME_FIRST_REABLEMENT");

        // The ward confirms the discharge an hour ago: 30 hours after the referral, so a clock from
        // receipt would be well on; from the discharge, the visit below is within 2 days.
        Instant discharged = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Encounter stay = new Encounter();
        stay.setStatus(Encounter.EncounterStatus.FINISHED);
        stay.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
        stay.addBasedOn(new Reference("ServiceRequest/" + id));
        stay.getPeriod().setEndElement(new DateTimeType(discharged.toString()));
        stay.getHospitalization().getDischargeDisposition().addCoding(new Coding(DISCHARGE_PATHWAY, "1", null));
        assertThat(trust.create().resource(stay).execute().getCreated()).isTrue();

        Instant visited = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        recordVisit(id, visited);
        assertThat(awaitTask(trust, id, Task.TaskStatus.INPROGRESS).getExecutionPeriod().getStart().toInstant())
                .isEqualTo(visited);
        assertThat(await().atMost(PATIENCE).until(() -> metTwoDayClockStart(id), start -> start != null))
                .as("the 2-day clock runs from the discharge").isEqualTo(discharged.toString());
    }

    /** As a GP or hospital system builds it: UK Core identifiers, a SNOMED CT reason, the requester by ODS code. */
    private static ServiceRequest stockServiceRequest(Instant authored) {
        return stockServiceRequest(authored, "C82001", ServiceRequest.ServiceRequestPriority.STAT,
                new Coding("http://snomed.info/sct", "161898004", "Falls"));
    }

    private static ServiceRequest stockServiceRequest(Instant authored, String requesterOds,
            ServiceRequest.ServiceRequestPriority priority, Coding reason) {
        Patient patient = new Patient();
        patient.setId("patient");
        patient.addIdentifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(TestPatients.nhsNumber());
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Seacole").addGiven("Mary");
        patient.setBirthDateElement(new DateType("1940-11-23"));
        patient.addAddress().addLine("3 Abbey Lane").setCity("Leicester").setPostalCode("LE4 5AA");
        patient.addGeneralPractitioner(new Reference().setType("Organization")
                .setIdentifier(new Identifier().setSystem(ODS).setValue("C82001")));
        Organization practice = new Organization();
        practice.setId("requester");
        practice.addIdentifier().setSystem(ODS).setValue(requesterOds);
        practice.setName(requesterOds.equals(TRUST) ? "University Hospitals of Leicester NHS Trust" : "The Surgery");

        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setPriority(priority);
        request.addIdentifier().setSystem("https://gp-system.example.org/Id/referral").setValue(UUID.randomUUID().toString());
        request.addReasonCode().addCoding(reason);
        request.setAuthoredOnElement(new DateTimeType(authored.toString()));
        request.addContained(patient);
        request.addContained(practice);
        request.setSubject(new Reference("#patient"));
        request.setRequester(new Reference("#requester"));
        return request;
    }

    private static IGenericClient client(String token) {
        IGenericClient client = FHIR.newRestfulGenericClient(Platform.baseUrl("referral-service") + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }

    private static Task awaitTask(IGenericClient referrer, String id, Task.TaskStatus status) {
        return await().atMost(PATIENCE).until(() -> referrer.read().resource(Task.class).withId(id).execute(),
                task -> task.getStatus() == status);
    }

    /** Allocated, and its triage heard too: the two come on different topics, in either order. */
    private static Task awaitAllocatedAndTriaged(IGenericClient referrer, String id) {
        return await().atMost(PATIENCE).until(() -> referrer.read().resource(Task.class).withId(id).execute(),
                task -> task.getStatus() == Task.TaskStatus.READY && task.hasBusinessStatus());
    }

    /** When the referral's 2-day clock started, once ops see it met on the monitor; null until then. */
    private static String metTwoDayClockStart(String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                Platform.baseUrl("target-monitor-service") + "/api/clocks?hub=" + HUB
                        + "&standard=TWO_DAY&window=24h&status=MET")).header("Authorization", "Bearer "
                + Platform.token("ops")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode clock : Json.read(response.body(), JsonNode.class).path("clocks")) {
            if (id.equals(clock.path("referralId").asText())) {
                return clock.path("startedAt").asText();
            }
        }
        return null;
    }

    private static void recordVisit(String referral, Instant visitedAt) throws Exception {
        String staff = Platform.token(new DemoUser("hub-staff", List.of(), List.of(HUB), null));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                Platform.baseUrl("hub-allocation-service") + "/api/visits"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + staff)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"referralId": "%s", "visitedAt": "%s", "outcome": "ATTENDED", "contactType": "IN_PERSON",
                         "staffRole": "NURSE"}
                        """.formatted(referral, visitedAt))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
