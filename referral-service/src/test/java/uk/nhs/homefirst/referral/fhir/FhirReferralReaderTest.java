package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.bundle;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.contained;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.example;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.json;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.TestPatients;
import uk.nhs.homefirst.referral.intake.ReferralRequest;
import uk.nhs.homefirst.referral.intake.ValidReferral;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/** The FHIR reading of a referral, in plain JUnit: HAPI's parser and model, the mapping, the validator. */
class FhirReferralReaderTest {

    private static final LocalDate TODAY = LocalDate.now();
    private final FhirReferralReader reader = new FhirReferralReader(FHIR, new FhirStructureValidator(FHIR));

    @Test
    void aContainedServiceRequestIsReadIntoEveryFieldOfTheReferral() {
        FhirExamples.Example e = example();

        FhirReferralReader.Outcome outcome = reader.read(json(contained(e)), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.request()).isEqualTo(new ReferralRequest("GP", FhirExamples.GP_SYSTEM, e.sourceReferralId,
                "CRISIS", e.stated.toString(), List.of("FALLS", "FRAILTY_DECOMPENSATION"),
                new ReferralRequest.Reason("Fall at home, unable to get up", FhirExamples.FALLS),
                new ReferralRequest.Patient(e.nhsNumber, "Ada", "Lovelace", "1941-03-02", "LE11 3TU", "C82001",
                        "0116 496 0000"),
                new ReferralRequest.Referrer("C82001", "GP", "Dr A Patel")));
        ValidReferral valid = outcome.referral();
        assertThat(valid.source()).isEqualTo(ReferralSource.GP);
        assertThat(valid.requestedUrgency()).isEqualTo(RequestedUrgency.CRISIS);
        assertThat(valid.clinicalNeeds()).containsExactly(ClinicalNeed.FALLS, ClinicalNeed.FRAILTY_DECOMPENSATION);
        assertThat(valid.statedReceivedAt()).isEqualTo(e.stated);
        assertThat(valid.postcode().district()).isEqualTo("LE11");
        assertThat(valid.referrerRole()).isEqualTo(ReferrerRole.GP);
    }

    @Test
    void whatOurRulesPassTheFhirStructureDefinitionsStillJudgeWithoutRepeatingAValue() {
        FhirExamples.Example e = example();
        // A contact with neither details nor an organisation breaks R4's invariant pat-1; none of our rules reads contacts.
        e.patient.addContact().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE)
                .addRelationship().setText("Daughter Zelda");

        FhirReferralReader.Outcome outcome = reader.read(json(contained(e)), TODAY);

        assertThat(outcome.valid()).isEmpty();
        assertThat(outcome.issues()).isNotEmpty().allSatisfy(issue -> {
            assertThat(issue.code()).isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueType.STRUCTURE);
            assertThat(issue.diagnostics()).startsWith("Not valid FHIR R4").doesNotContain("Zelda");
        });
        assertThat(outcome.issues()).anySatisfy(issue -> assertThat(issue.expression()).contains("contact"));
        assertThat(reader.read(json(contained(example())), TODAY).issues()).isEmpty();
    }

    @Test
    void aTransactionBundleIsReadByFollowingFullUrlsToPatientPractitionerRolePractitionerAndOrganization() {
        FhirExamples.Example e = example();
        e.referrerOrganisation.getIdentifierFirstRep().setValue("RWE");

        FhirReferralReader.Outcome outcome = reader.read(json(bundle(e)), TODAY);

        assertThat(outcome.issues()).isEmpty();
        ReferralRequest request = outcome.request();
        assertThat(request.patient().nhsNumber()).isEqualTo(e.nhsNumber);
        assertThat(request.patient().gpPracticeOdsCode()).isEqualTo("C82001");
        // From the Organization entry and the Practitioner entry, not from the contained defaults.
        assertThat(request.referrer()).isEqualTo(new ReferralRequest.Referrer("RWE", "GP", "Dr A Patel"));
        assertThat(request.sourceReferralId()).isEqualTo(e.sourceReferralId);
    }

    @ParameterizedTest
    @CsvSource({"STAT, CRISIS", "URGENT, URGENT", "ASAP, URGENT", "ROUTINE, ROUTINE"})
    void priorityIsTheRequestedUrgency(ServiceRequest.ServiceRequestPriority priority, RequestedUrgency urgency) {
        FhirExamples.Example e = example();
        e.request.setPriority(priority);

        assertThat(reader.read(json(contained(e)), TODAY).referral().requestedUrgency()).isEqualTo(urgency);
    }

    @Test
    void whatTheServiceAnswersWithReadsBackAsTheSameReferral() {
        Referral stored = new Referral();
        stored.id = UUID.randomUUID();
        stored.receivedAt = java.time.Instant.parse("2026-03-01T09:15:00.123456Z");
        stored.recordedAt = java.time.Instant.parse("2026-03-01T10:00:00.654321Z");
        stored.statedReceivedAt = stored.receivedAt;
        stored.source = ReferralSource.AMBULANCE;
        stored.sourceSystem = "https://ambulance.example.org/Id/incident";
        stored.sourceReferralId = "INC-1";
        stored.requestedUrgency = RequestedUrgency.URGENT;
        stored.clinicalNeeds = new String[] {"DELIRIUM", "CARER_BREAKDOWN"};
        stored.reasonText = "Confused since this morning";
        stored.snomedCode = FhirExamples.FALLS;
        stored.nhsNumber = TestPatients.nhsNumber();
        stored.givenName = "Mary";
        stored.familyName = "Shelley";
        stored.dateOfBirth = LocalDate.of(1950, 5, 17);
        stored.postcode = "LE1 6TP";
        stored.postcodeDistrict = "LE1";
        stored.gpPracticeOdsCode = "C82002";
        stored.phone = "07700 900123";
        stored.referrerOdsCode = "RX9";
        stored.referrerRole = ReferrerRole.PARAMEDIC;
        stored.referrerName = "J Smith";
        stored.status = ReferralStatus.RECEIVED;

        ServiceRequest view = ServiceRequestView.of(stored);
        FhirReferralReader.Outcome again = reader.read(json(view), TODAY);

        assertThat(view.getIdElement().getIdPart()).isEqualTo(stored.id.toString());
        assertThat(view.getExtensionByUrl(FhirCodings.CLOCK_START_EXTENSION).getValue().primitiveValue())
                .isEqualTo("2026-03-01T09:15:00.123456Z");
        assertThat(again.issues()).isEmpty();
        assertThat(again.request()).isEqualTo(new ReferralRequest("AMBULANCE", stored.sourceSystem, "INC-1", "URGENT",
                "2026-03-01T09:15:00.123456Z", List.of("DELIRIUM", "CARER_BREAKDOWN"),
                new ReferralRequest.Reason("Confused since this morning", FhirExamples.FALLS),
                new ReferralRequest.Patient(stored.nhsNumber, "Mary", "Shelley", "1950-05-17", "LE1 6TP", "C82002",
                        "07700 900123"),
                new ReferralRequest.Referrer("RX9", "PARAMEDIC", "J Smith")));
    }

    @Test
    void everyProblemIsOneIssueAtTheFhirPathItCameFromAndNoneRepeatsAValue() {
        FhirExamples.Example e = example();
        String badNhsNumber = FhirExamples.withWrongCheckDigit(e.nhsNumber);
        e.patient.getIdentifierFirstRep().setValue(badNhsNumber);
        e.patient.getAddressFirstRep().setPostalCode("NOWHERE1");
        e.patient.getTelecomFirstRep().setValue("12");
        e.request.getReasonCodeFirstRep().getCodingFirstRep().setCode("161898005");
        e.request.getCategory().get(1).addCoding(new Coding(FhirCodings.CLINICAL_NEED, "HICCUPS", null));

        String body = json(contained(e)).replace("\"stat\"", "\"whenever\"");
        FhirReferralReader.Outcome outcome = reader.read(body, TODAY);

        assertThat(outcome.referral()).isNull();
        assertThat(outcome.issues()).extracting(FhirIssue::code, FhirIssue::expression).containsExactlyInAnyOrder(
                tuple(IssueType.INVALID, "ServiceRequest.priority"),
                tuple(IssueType.INVALID, "ServiceRequest.category[1]"),
                tuple(IssueType.INVALID, "ServiceRequest.reasonCode[0].coding[0].code"),
                tuple(IssueType.INVALID, "Patient.identifier[0].value"),
                tuple(IssueType.INVALID, "Patient.address[0].postalCode"),
                tuple(IssueType.INVALID, "Patient.telecom[0].value"));
        assertThat(outcome.issues()).allSatisfy(issue -> assertThat(issue.diagnostics())
                .startsWith(issue.expression())
                .doesNotContain(badNhsNumber, "NOWHERE", "whenever", "HICCUPS", "161898005"));
    }

    @Test
    void absentElementsAreRequiredWhereTheyBelong() {
        FhirExamples.Example e = example();
        e.request.getCategory().clear();
        e.request.getReasonCode().clear();

        e.request.setPriority(null);
        e.patient.getIdentifierFirstRep().setSystem("https://fhir.nhs.uk/Id/nhs-numbr");
        e.patient.setBirthDate(null);
        e.patient.getName().clear();

        ServiceRequest request = contained(e);
        // An organisation whose ODS code shows no kind: the referral source is then asked for.
        e.role.setOrganization(FhirExamples.odsReference("VNX12"));
        FhirReferralReader.Outcome outcome = reader.read(json(request), TODAY);

        // No needs and no SNOMED CT concept is no refusal (the LDU reviews it), but a reason in words is required.
        assertThat(outcome.issues()).extracting(FhirIssue::code, FhirIssue::expression).containsExactlyInAnyOrder(
                tuple(IssueType.REQUIRED, "ServiceRequest.priority"),
                tuple(IssueType.REQUIRED, "ServiceRequest.requester"),
                tuple(IssueType.REQUIRED, "ServiceRequest.reasonCode"),
                tuple(IssueType.REQUIRED, "Patient.identifier"),
                tuple(IssueType.REQUIRED, "Patient.name.given"),
                tuple(IssueType.REQUIRED, "Patient.name.family"),
                tuple(IssueType.REQUIRED, "Patient.birthDate"));
        assertThat(outcome.issues()).filteredOn(i -> i.expression().equals("Patient.identifier"))
                .singleElement().extracting(FhirIssue::diagnostics).asString().contains(FhirCodings.NHS_NUMBER);
    }

    @Test
    void aMissingOrDanglingSubjectIsOneIssueNotOnePerPatientField() {
        FhirExamples.Example missing = example();
        ServiceRequest noSubject = contained(missing).setSubject(null);
        FhirExamples.Example dangling = example();
        ServiceRequest elsewhere = contained(dangling).setSubject(new Reference("#someone-else"));

        assertThat(reader.read(json(noSubject), TODAY).issues()).extracting(FhirIssue::code, FhirIssue::expression)
                .containsExactly(tuple(IssueType.REQUIRED, "ServiceRequest.subject"));
        assertThat(reader.read(json(elsewhere), TODAY).issues()).extracting(FhirIssue::code, FhirIssue::expression)
                .containsExactly(tuple(IssueType.INVALID, "ServiceRequest.subject"));
    }

    @Test
    void anOrganizationByIdentifierGivesTheOrganisationAndTheRoleItsCodeShowsButNeedsAName() {
        FhirExamples.Example e = example();
        ServiceRequest request = contained(e);
        request.setRequester(FhirExamples.odsReference("C82001"));
        request.getContained().removeIf(r -> r instanceof org.hl7.fhir.r4.model.PractitionerRole);

        FhirReferralReader.Outcome outcome = reader.read(json(request), TODAY);

        assertThat(outcome.request().referrer()).isEqualTo(new ReferralRequest.Referrer("C82001", "GP", null));
        assertThat(outcome.issues()).extracting(FhirIssue::code, FhirIssue::expression).containsExactly(
                tuple(IssueType.REQUIRED, "ServiceRequest.requester"));
        assertThat(reader.read(json(request.setRequester(FhirExamples.odsReference("C82001").setDisplay("Dr A Patel"))),
                TODAY).issues()).isEmpty();
    }

    @Test
    void theBodyMustBeAServiceRequestOrATransactionBundleHoldingOne() {
        Bundle withoutRequest = bundle(example());
        withoutRequest.getEntry().remove(0);
        Bundle batch = bundle(example()).setType(Bundle.BundleType.BATCH);

        assertThat(issues(json(withoutRequest))).containsExactly(tuple(IssueType.REQUIRED, "Bundle.entry"));
        assertThat(issues(json(batch))).containsExactly(tuple(IssueType.INVALID, "Bundle.type"));
        assertThat(issues(json(example().patient))).containsExactly(tuple(IssueType.INVALID, "Patient"));
        assertThat(issues("{\"resourceType\": \"Referral\"}")).containsExactly(tuple(IssueType.INVALID, null));
        assertThat(issues("{\"source\": \"GP\"}")).containsExactly(tuple(IssueType.STRUCTURE, null));
        assertThat(issues("{\"resourceType\": \"ServiceRequest\",")).containsExactly(tuple(IssueType.STRUCTURE, null));
        assertThat(issues("[]")).containsExactly(tuple(IssueType.STRUCTURE, null));
        assertThat(issues("")).containsExactly(tuple(IssueType.STRUCTURE, null));
    }

    @Test
    void anElementFhirDoesNotKnowOrAValueOfTheWrongTypeIsAStructureIssue() {
        String body = json(contained(example()))
                .replace("\"intent\":\"order\"", "\"intent\":\"order\",\"urgencyLevel\":\"high\"");

        assertThat(issues(body)).containsExactly(tuple(IssueType.STRUCTURE, "urgencyLevel"));
    }

    /**
     * No body, however broken, makes the reader throw (which the service would answer with a 5xx):
     * valid ServiceRequests and Bundles, each cut short, with characters dropped, and with values
     * swapped for values of other JSON types, of odd text, or of no text at all.
     */
    @Test
    void noMutationOfAValidSubmissionMakesTheReaderThrow() {
        java.util.Random random = new java.util.Random(20261123);
        List<String> replacements = List.of("null", "true", "0", "-1.5e308", "[]", "{}", "[{}]", "\"\"", "\" \"",
                "\"\\u0000\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"" + "x".repeat(5000) + "\"", "\"'; DROP TABLE referral; --\"",
                "\"<script>alert(1)</script>\"", "\"#patient\"", "\"urn:uuid:00000000-0000-0000-0000-000000000000\"",
                "{\"resourceType\":\"Patient\"}", "\"9999999999\"", "\"2026-02-30\"", "\"+14:00\"");
        int readable = 0;
        for (int i = 0; i < 1500; i++) {
            String valid = i % 2 == 0 ? json(contained(example())) : json(bundle(example()));
            String body = switch (i % 4) {
                case 0 -> valid.substring(0, random.nextInt(valid.length()));
                case 1 -> {
                    int at = random.nextInt(valid.length());
                    yield valid.substring(0, at) + valid.substring(Math.min(valid.length(), at + 1 + random.nextInt(3)));
                }
                default -> {
                    // Swap the value after one of the body's keys.
                    java.util.regex.Matcher values = java.util.regex.Pattern.compile(":(\"[^\"]*\"|[0-9.eE+-]+|true|false)")
                            .matcher(valid);
                    List<int[]> spans = new java.util.ArrayList<>();
                    while (values.find()) {
                        spans.add(new int[] {values.start(1), values.end(1)});
                    }
                    int[] span = spans.get(random.nextInt(spans.size()));
                    yield valid.substring(0, span[0]) + replacements.get(random.nextInt(replacements.size()))
                            + valid.substring(span[1]);
                }
            };
            FhirReferralReader.Outcome outcome = reader.read(body, TODAY);
            assertThat(outcome.valid().isPresent() != !outcome.issues().isEmpty()).as(body).isTrue();
            assertThat(outcome.issues()).allSatisfy(issue -> assertThat(issue.diagnostics()).isNotBlank());
            readable += outcome.valid().isPresent() ? 1 : 0;
        }
        // Some mutations leave a valid referral (a dropped character in a display text), most do not.
        assertThat(readable).isBetween(1, 1499);
    }

    private List<org.assertj.core.groups.Tuple> issues(String body) {
        return reader.read(body, TODAY).issues().stream().map(i -> tuple(i.code(), i.expression())).toList();
    }
}
