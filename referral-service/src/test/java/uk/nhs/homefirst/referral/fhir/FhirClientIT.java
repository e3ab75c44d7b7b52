package uk.nhs.homefirst.referral.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.contained;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.example;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.json;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.odsReference;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * The FHIR door as an integrator's system meets it through HAPI's generic client, with no
 * hand-written HTTP: it discovers the server, creates a referral, reads it back, and finds it by
 * the sender's identifier and by the patient's NHS number, seeing only its own organisation's.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class FhirClientIT {

    private static IGenericClient client(String... odsCodes) {
        // The client reads /fhir/metadata first, as HAPI's clients do by default: it must be there, without a token.
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + RestAssured.port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestTokens.referrer(odsCodes)));
        return client;
    }

    /**
     * The service is not ready until HAPI's validator has loaded the R4 structure definitions
     * (FhirWarmUp): a client that waits for readiness never meets the warm-up.
     */
    @BeforeEach
    void ready() {
        Referrals.awaitReady();
    }

    @Test
    void readinessWaitedForTheFhirWarmUp() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'FHIR validator' }.status", equalTo("UP"));
    }

    @Test
    void theCapabilityStatementSaysWhatIsAcceptedAndIsPublic() {
        CapabilityStatement statement = client("C82001").capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        CapabilityStatement.CapabilityStatementRestResourceComponent resource = statement.getRestFirstRep().getResource()
                .stream().filter(r -> r.getType().equals("ServiceRequest")).findFirst().orElseThrow();
        assertThat(resource.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("create", "read", "search-type");
        assertThat(resource.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("identifier", "patient");
        assertThat(resource.getSupportedProfile()).extracting(p -> p.getValue())
                .contains(CapabilityStatementResource.UK_CORE_SERVICE_REQUEST);
        assertThat(statement.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("Encounter"))
                .singleElement().satisfies(encounter -> assertThat(encounter.getInteraction())
                        .extracting(i -> i.getCode().toCode()).containsExactly("create"));
        given().auth().none().get("/fhir/metadata").then().statusCode(200).contentType("application/fhir+json");
    }

    @Test
    void aReferralIsCreatedReadAndFoundByItsIdentifierAndByThePatientsNhsNumber() {
        IGenericClient surgery = client("C82001");
        FhirExamples.Example e = example();
        MethodOutcome created = surgery.create().resource(contained(e)).execute();
        assertThat(created.getCreated()).isTrue();
        String id = created.getId().getIdPart();

        ServiceRequest read = surgery.read().resource(ServiceRequest.class).withId(id).execute();
        assertThat(read.getIdentifier()).anySatisfy(i -> assertThat(i.getValue()).isEqualTo(e.sourceReferralId));

        Bundle byIdentifier = surgery.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.IDENTIFIER.exactly().systemAndCode(FhirExamples.GP_SYSTEM, e.sourceReferralId))
                .returnBundle(Bundle.class).execute();
        assertThat(ids(byIdentifier)).containsExactly(id);
        assertThat(byIdentifier.getTotal()).isEqualTo(1);

        Bundle byReferralId = surgery.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.IDENTIFIER.exactly().systemAndCode(FhirCodings.REFERRAL_ID, id))
                .returnBundle(Bundle.class).execute();
        assertThat(ids(byReferralId)).containsExactly(id);

        Bundle byNhsNumber = surgery.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly()
                        .systemAndCode(FhirCodings.NHS_NUMBER, e.nhsNumber)))
                .returnBundle(Bundle.class).execute();
        assertThat(ids(byNhsNumber)).containsExactly(id);
    }

    @Test
    void stockUkCoreServiceRequestsWithNoProjectCodesAreCreatedAndReadBack() {
        // A GP practice's fall, a hospital trust's frailty, and a concept the table does not know.
        FhirExamples.Stock gp = FhirExamples.stock();
        FhirExamples.Stock trust = FhirExamples.stock("RWE", "248279007", "Frailty");
        FhirExamples.Stock unknown = FhirExamples.stock("C82001", "22298006", "Myocardial infarction");
        unknown.request.getReasonCodeFirstRep().setText("Heart attack last month, struggling at home");
        for (FhirExamples.Stock s : List.of(gp, trust, unknown)) {
            assertThat(json(s.request)).doesNotContain("homefirst");
        }

        String gpId = created(client("C82001"), gp.contained());
        String trustId = created(client("RWE"), trust.contained());
        String unknownId = created(client("C82001"), unknown.contained());

        ServiceRequest gpRead = client("C82001").read().resource(ServiceRequest.class).withId(gpId).execute();
        assertThat(gpRead.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.URGENT);
        assertThat(gpRead.getReasonCodeFirstRep().getCoding()).extracting(c -> c.getCode()).contains(FhirExamples.FALLS);
        assertThat(gpRead.getIdentifier()).anySatisfy(i -> assertThat(i.getValue()).isEqualTo(gp.sourceReferralId));
        ServiceRequest unknownRead = client("C82001").read().resource(ServiceRequest.class).withId(unknownId).execute();
        assertThat(unknownRead.getReasonCodeFirstRep().getText()).isEqualTo("Heart attack last month, struggling at home");

        String surgery = TestTokens.referrer("C82001");
        given().auth().oauth2(surgery).get("/api/referrals/" + gpId).then().statusCode(200)
                .body("source", equalTo("GP")).body("referrer.role", equalTo("GP"))
                .body("clinicalNeeds", equalTo(List.of("FALLS")));
        given().auth().oauth2(TestTokens.referrer("RWE")).get("/api/referrals/" + trustId).then().statusCode(200)
                .body("source", equalTo("ACUTE_HOSPITAL"))
                .body("referrer.role", equalTo("HOSPITAL_DOCTOR"))
                .body("clinicalNeeds", equalTo(List.of("FRAILTY_DECOMPENSATION")));
        given().auth().oauth2(surgery).get("/api/referrals/" + unknownId).then().statusCode(200)
                .body("clinicalNeeds", empty())
                .body("reason.text", equalTo("Heart attack last month, struggling at home"))
                .body("reason.snomedCode", equalTo("22298006"));
    }

    private static String created(IGenericClient client, ServiceRequest request) {
        MethodOutcome outcome = client.create().resource(request).execute();
        assertThat(outcome.getCreated()).isTrue();
        return outcome.getId().getIdPart();
    }

    @Test
    void anotherOrganisationDoesNotFindTheReferralsOfThisOne() {
        FhirExamples.Example e = example();
        String id = client("C82001").create().resource(contained(e)).execute().getId().getIdPart();

        // The same patient, referred by another practice: each practice finds its own referral only.
        FhirExamples.Example other = example();
        other.patient.getIdentifierFirstRep().setValue(e.nhsNumber);
        ServiceRequest fromOther = contained(other);
        ((org.hl7.fhir.r4.model.PractitionerRole) fromOther.getContained().get(1)).setOrganization(odsReference("C82999"));
        String otherId = client("C82999").create().resource(fromOther).execute().getId().getIdPart();

        Bundle mine = client("C82001").search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly()
                        .systemAndCode(FhirCodings.NHS_NUMBER, e.nhsNumber)))
                .returnBundle(Bundle.class).execute();
        assertThat(ids(mine)).containsExactly(id);
        Bundle theirs = client("C82999").search().forResource(ServiceRequest.class)
                .where(ServiceRequest.IDENTIFIER.exactly().systemAndCode(FhirCodings.REFERRAL_ID, id))
                .returnBundle(Bundle.class).execute();
        assertThat(theirs.getEntry()).isEmpty();
        assertThat(otherId).isNotEqualTo(id);
        Bundle nobodys = client().search().forResource(ServiceRequest.class).returnBundle(Bundle.class).execute();
        assertThat(nobodys.getEntry()).isEmpty();
        assertThat(nobodys.getTotal()).isZero();
    }

    @Test
    void pagesFollowTheNextLinkAndAnUnsupportedParameterIsRefusedNotIgnored() {
        IGenericClient surgery = client("C82001");
        FhirExamples.Example first = example();
        surgery.create().resource(contained(first)).execute();
        FhirExamples.Example second = example();
        second.patient.getIdentifierFirstRep().setValue(first.nhsNumber);
        surgery.create().resource(contained(second)).execute();

        Bundle page = surgery.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly()
                        .systemAndCode(FhirCodings.NHS_NUMBER, first.nhsNumber)))
                .count(1).returnBundle(Bundle.class).execute();
        assertThat(page.getTotal()).isEqualTo(2);
        assertThat(page.getEntry()).hasSize(1);
        Bundle next = surgery.loadPage().next(page).execute();
        assertThat(next.getEntry()).hasSize(1);
        assertThat(ids(next)).doesNotContainAnyElementsOf(ids(page));

        given().auth().oauth2(TestTokens.referrer("C82001")).queryParam("status", "active").get("/fhir/ServiceRequest")
                .then().statusCode(400).contentType("application/fhir+json")
                .body("issue[0].code", equalTo("not-supported"))
                .body("issue[0].expression[0]", equalTo("status"));
        given().auth().oauth2(TestTokens.referrer("C82001"))
                .queryParam("patient.identifier", FhirCodings.NHS_NUMBER + "|1234567890").get("/fhir/ServiceRequest")
                .then().statusCode(400).body("issue[0].expression[0]", equalTo("patient.identifier"));
    }

    @Test
    void aSearchIsInTheAuditTrailByReferralIdWithoutTheNhsNumberSearchedFor() {
        FhirExamples.Example e = example();
        String id = client("C82001").create().resource(contained(e)).execute().getId().getIdPart();
        client("C82001").search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly()
                        .systemAndCode(FhirCodings.NHS_NUMBER, e.nhsNumber)))
                .returnBundle(Bundle.class).execute();
        String trail = given().auth().oauth2(TestTokens.of("admin")).queryParam("referralId", id).get("/api/audit")
                .then().statusCode(200).extract().asString();
        assertThat(trail).contains("fhir search").doesNotContain(e.nhsNumber);
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(entry -> entry.getResource().getIdElement().getIdPart()).toList();
    }
}
