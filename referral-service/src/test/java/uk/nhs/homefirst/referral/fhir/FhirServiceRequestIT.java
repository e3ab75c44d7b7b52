package uk.nhs.homefirst.referral.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.bundle;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.contained;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.example;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.json;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.read.EventReader;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.support.Concurrently;
import uk.nhs.homefirst.referral.support.Database;

/**
 * The FHIR R4 intake against a real broker and a real PostgreSQL, driven as a GP system's FHIR
 * client drives it: resources built with HAPI's model classes and sent as FHIR JSON.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class FhirServiceRequestIT {

    private static final String FHIR_JSON = "application/fhir+json";
    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Not ready until HAPI's validator has loaded (FhirWarmUp): no test below meets that wait. */
    @BeforeEach
    void ready() {
        Referrals.awaitReady();
    }

    @Test
    void aServiceRequestWithItsPatientContainedIsStoredReadBackAndAnnounced() {
        FhirExamples.Example e = example();

        ExtractableResponse<Response> created = post(json(contained(e)), FHIR_JSON);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.contentType()).startsWith(FHIR_JSON);
        ServiceRequest answer = FHIR.newJsonParser().parseResource(ServiceRequest.class, created.asString());
        String id = answer.getIdElement().getIdPart();
        assertThat(created.header("Location")).endsWith("/fhir/ServiceRequest/" + id);
        assertTheReferralIsStoredAndAnnounced(id, e);
    }

    @Test
    void aTransactionBundleIsStoredReadBackAndAnnounced() {
        FhirExamples.Example e = example();

        ExtractableResponse<Response> created = post(json(bundle(e)), "application/json");

        assertThat(created.statusCode()).isEqualTo(201);
        String id = FHIR.newJsonParser().parseResource(ServiceRequest.class, created.asString()).getIdElement().getIdPart();
        assertThat(created.header("Location")).endsWith("/fhir/ServiceRequest/" + id);
        assertTheReferralIsStoredAndAnnounced(id, e);
    }

    @Test
    void aStockReferralWhoseConceptTheTableDoesNotKnowIsAnnouncedWithNoNeedsAndItsReasonKept() {
        FhirExamples.Stock s = FhirExamples.stock("C82001", "22298006", "Myocardial infarction");
        s.request.getReasonCodeFirstRep().setText("Heart attack last month, struggling at home");

        ExtractableResponse<Response> created = post(json(s.contained()), FHIR_JSON);

        assertThat(created.statusCode()).isEqualTo(201);
        String id = idOf(created);
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30)).until(
                () -> kafka.read(Topics.REFERRALS, r -> id.equals(r.key())
                        && ReferralReceived.TYPE.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE))),
                records -> records.size() == 1).get(0);
        ReferralReceived event = Json.read(record.value(), ReferralReceived.class);
        assertThat(event.clinicalNeeds()).isEmpty();
        assertThat(event.reason()).isEqualTo(new ReferralReceived.Reason("Heart attack last month, struggling at home",
                "22298006"));
        assertThat(event.source()).isEqualTo(ReferralSource.GP);
        // The contract's own reader takes it: triage-service reads it so, and reviews it (UNCODED_NEEDS).
        assertThat(EventReader.contract().read(record))
                .isInstanceOf(Reading.Event.class);
    }

    private void assertTheReferralIsStoredAndAnnounced(String id, FhirExamples.Example e) {
        String body = given().accept(FHIR_JSON).when().get("/fhir/ServiceRequest/" + id)
                .then().statusCode(200).contentType(FHIR_JSON).extract().asString();
        ServiceRequest read = FHIR.newJsonParser().parseResource(ServiceRequest.class, body);
        assertThat(read.getIdElement().getIdPart()).isEqualTo(id);
        assertThat(read.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(read.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.STAT);
        assertThat(read.getAuthoredOnElement().getValue().toInstant()).isEqualTo(e.stated);
        assertThat(read.getIdentifier()).extracting(i -> tuple(i.getSystem(), i.getValue())).contains(
                tuple(FhirCodings.REFERRAL_ID, id), tuple(FhirExamples.GP_SYSTEM, e.sourceReferralId));
        Patient patient = (Patient) read.getSubject().getResource();
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo(FhirCodings.NHS_NUMBER);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(e.nhsNumber);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Lovelace");
        assertThat(patient.getNameFirstRep().getGiven()).extracting(StringType::getValue).containsExactly("Ada");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1941-03-02");
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("LE11 3TU");
        assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("C82001");

        given().when().get("/api/referrals/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("source", equalTo("GP"))
                .body("requestedUrgency", equalTo("CRISIS"))
                .body("statedReceivedAt", equalTo(e.stated.toString()))
                .body("sourceReferralId", equalTo(e.sourceReferralId))
                .body("clinicalNeeds", equalTo(List.of("FALLS", "FRAILTY_DECOMPENSATION")))
                .body("reason.snomedCode", equalTo(FhirExamples.FALLS))
                .body("patient.nhsNumber", equalTo(e.nhsNumber))
                .body("patient.postcode", equalTo("LE11 3TU"))
                .body("referrer.organisationOdsCode", equalTo("C82001"))
                .body("referrer.role", equalTo("GP"))
                .body("referrer.name", equalTo("Dr A Patel"));

        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30)).until(
                () -> kafka.read(Topics.REFERRALS, r -> id.equals(r.key())
                        && ReferralReceived.TYPE.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE))),
                records -> records.size() == 1).get(0);
        ReferralReceived event = Json.read(record.value(), ReferralReceived.class);
        assertThat(event.referralId()).isEqualTo(id);
        assertThat(event.patient().nhsNumber()).isEqualTo(e.nhsNumber);
        assertThat(event.patient().postcodeDistrict()).isEqualTo("LE11");
        assertThat(event.statedReceivedAt()).isEqualTo(e.stated);
    }

    @Test
    void theSameServiceRequestSentAgainIsTheSameReferral() {
        String body = json(contained(example()));

        ExtractableResponse<Response> first = post(body, FHIR_JSON);
        ExtractableResponse<Response> again = post(body, FHIR_JSON);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(idOf(again)).isEqualTo(idOf(first));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    }

    @Test
    void tenCopiesOfOneServiceRequestAtOnceMakeOneReferralAnsweredOnce201() throws Exception {
        String body = json(contained(example()));

        List<ExtractableResponse<Response>> responses = Concurrently.run(10, () -> post(body, FHIR_JSON));

        // Only the copy that stored the referral is told it was created; the others get it as sent before.
        assertThat(responses).extracting(ExtractableResponse::statusCode).containsOnly(200, 201);
        assertThat(responses.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
        List<String> ids = responses.stream().map(FhirServiceRequestIT::idOf).distinct().toList();
        assertThat(ids).hasSize(1);
        assertThat(new Database(dataSource).outboxRows(ids.get(0))).isEqualTo(1);
    }

    @Test
    void anIdentifierUsedBeforeForOtherContentIsAConflict() {
        FhirExamples.Example e = example();
        String body = json(contained(e));
        assertThat(post(body, FHIR_JSON).statusCode()).isEqualTo(201);

        ExtractableResponse<Response> other = post(body.replace("Fall at home", "Fell at home"), FHIR_JSON);

        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(issues(other)).containsExactly(tuple(IssueType.DUPLICATE, "ServiceRequest.identifier"));
    }

    @Test
    void anUnknownServiceRequestIs404AsAnOperationOutcome() {
        for (String id : List.of("1b4e28ba-2fa1-11d2-883f-0016d3cca427", "not-a-uuid")) {
            ExtractableResponse<Response> response = given().when().get("/fhir/ServiceRequest/" + id).then().extract();
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(issues(response)).containsExactly(tuple(IssueType.NOTFOUND, null));
        }
    }

    /** A bad submission: what to send, the status it gets, and its issues as (code, expression). */
    record Bad(String name, Function<FhirExamples.Example, String> body, String contentType, int status,
            List<Tuple> issues) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badSubmissions() {
        return Stream.of(
                new Bad("NHS number failing its check digit", e -> {
                    e.patient.getIdentifierFirstRep().setValue(FhirExamples.withWrongCheckDigit(e.nhsNumber));
                    return json(contained(e));
                }, FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "Patient.identifier[0].value"))),
                new Bad("no patient", e -> json(contained(e).setSubject(null)),
                        FHIR_JSON, 400, List.of(tuple(IssueType.REQUIRED, "ServiceRequest.subject"))),
                new Bad("a subject that is not in the Bundle", e -> {
                    Bundle bundle = bundle(e);
                    e.request.setSubject(new Reference("urn:uuid:00000000-0000-0000-0000-000000000000"));
                    return json(bundle);
                }, FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "ServiceRequest.subject"))),
                new Bad("NHS number under another identifier system", e -> {
                    e.patient.getIdentifierFirstRep().setSystem("https://fhir.nhs.uk/Id/nhs-numbr");
                    return json(contained(e));
                }, FHIR_JSON, 400, List.of(tuple(IssueType.REQUIRED, "Patient.identifier"))),
                new Bad("GP practice under another identifier system", e -> {
                    contained(e);
                    e.patient.getGeneralPractitionerFirstRep().getIdentifier().setSystem("https://example.org/ods");
                    return json(e.request);
                }, FHIR_JSON, 400, List.of(tuple(IssueType.REQUIRED, "Patient.generalPractitioner"))),
                new Bad("unknown priority", e -> json(contained(e)).replace("\"priority\":\"stat\"", "\"priority\":\"soonish\""),
                        FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "ServiceRequest.priority"))),
                new Bad("no priority", e -> json(contained(e).setPriority(null)),
                        FHIR_JSON, 400, List.of(tuple(IssueType.REQUIRED, "ServiceRequest.priority"))),
                new Bad("postcode not a UK postcode", e -> {
                    e.patient.getAddressFirstRep().setPostalCode("LE11 3TUX");
                    return json(contained(e));
                }, FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "Patient.address[0].postalCode"))),
                new Bad("authoredOn without a time", e -> json(contained(e)).replaceFirst(
                        "\"authoredOn\":\"[^\"]+\"", "\"authoredOn\":\"2026-01-01\""),
                        FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "ServiceRequest.authoredOn"))),
                new Bad("unknown clinical need", e -> json(contained(e)).replace("FRAILTY_DECOMPENSATION", "BOREDOM"),
                        FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "ServiceRequest.category[1]"))),
                new Bad("status not active", e -> json(contained(e).setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)),
                        FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "ServiceRequest.status"))),
                new Bad("Bundle without a ServiceRequest", e -> {
                    Bundle bundle = bundle(e);
                    bundle.getEntry().remove(0);
                    return json(bundle);
                }, FHIR_JSON, 400, List.of(tuple(IssueType.REQUIRED, "Bundle.entry"))),
                new Bad("a Bundle entry with a request method HTTP does not have",
                        e -> json(bundle(e)).replaceFirst("\"method\":\"POST\"", "\"method\":\"SEND\""),
                        FHIR_JSON, 400, List.of(tuple(IssueType.STRUCTURE, null))),
                new Bad("a Patient, not a ServiceRequest", e -> json(e.patient),
                        FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, "Patient"))),
                new Bad("a resourceType FHIR does not have", e -> "{\"resourceType\": \"Referral\", \"id\": \"1\"}",
                        FHIR_JSON, 400, List.of(tuple(IssueType.INVALID, null))),
                new Bad("JSON that is not a FHIR resource", e -> "{\"source\": \"GP\"}",
                        FHIR_JSON, 400, List.of(tuple(IssueType.STRUCTURE, null))),
                new Bad("malformed JSON", e -> json(contained(e)).substring(0, 120),
                        FHIR_JSON, 400, List.of(tuple(IssueType.STRUCTURE, null))),
                new Bad("an element FHIR does not have", e -> json(contained(e)).replace("\"intent\":", "\"intention\":\"x\",\"intent\":"),
                        FHIR_JSON, 400, List.of(tuple(IssueType.STRUCTURE, "intention"))),
                new Bad("empty body", e -> "", FHIR_JSON, 400, List.of(tuple(IssueType.STRUCTURE, null))),
                new Bad("FHIR XML", e -> FHIR.newXmlParser().encodeResourceToString(contained(e)),
                        "application/fhir+xml", 415, List.of(tuple(IssueType.NOTSUPPORTED, null))),
                new Bad("plain text", e -> json(contained(e)), "text/plain", 415,
                        List.of(tuple(IssueType.NOTSUPPORTED, null))),
                new Bad("several problems at once", e -> {
                    e.patient.getIdentifierFirstRep().setValue(FhirExamples.withWrongCheckDigit(e.nhsNumber));
                    e.patient.getAddressFirstRep().setPostalCode("nowhere");
                    e.patient.setBirthDate(null);
                    e.request.getReasonCode().clear();
                    return json(contained(e));
                }, FHIR_JSON, 400, List.of(
                        tuple(IssueType.REQUIRED, "ServiceRequest.reasonCode"),
                        tuple(IssueType.INVALID, "Patient.identifier[0].value"),
                        tuple(IssueType.REQUIRED, "Patient.birthDate"),
                        tuple(IssueType.INVALID, "Patient.address[0].postalCode"))))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissions")
    void aBadSubmissionGetsAnOperationOutcomeWithOneIssuePerProblemAndStoresNothing(Bad bad) {
        FhirExamples.Example e = example();
        String body = bad.body().apply(e);

        ExtractableResponse<Response> response = post(body, bad.contentType());

        assertThat(response.statusCode()).isEqualTo(bad.status());
        assertThat(response.contentType()).startsWith(FHIR_JSON);
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.asString());
        assertThat(issues(response)).containsExactlyInAnyOrderElementsOf(bad.issues());
        assertThat(outcome.getIssue()).allSatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getDiagnostics()).isNotBlank()
                    .doesNotContain(e.nhsNumber, FhirExamples.withWrongCheckDigit(e.nhsNumber), "nowhere", "3TUX",
                            "soonish", "BOREDOM", "Exception", "HAPI-");
        });
        assertThat(Referral.count("nhsNumber in ?1", List.of(e.nhsNumber, FhirExamples.withWrongCheckDigit(e.nhsNumber))))
                .isZero();
    }

    private static ExtractableResponse<Response> post(String body, String contentType) {
        return given().contentType(contentType).body(body).when().post("/fhir/ServiceRequest").then().extract();
    }

    private static String idOf(ExtractableResponse<Response> response) {
        return FHIR.newJsonParser().parseResource(ServiceRequest.class, response.asString()).getIdElement().getIdPart();
    }

    private static List<Tuple> issues(ExtractableResponse<Response> response) {
        assertThat(response.contentType()).startsWith(FHIR_JSON);
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.asString());
        return outcome.getIssue().stream()
                .map(i -> tuple(i.getCode(), i.getExpression().isEmpty() ? null : i.getExpression().get(0).getValue()))
                .toList();
    }
}
