package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.json;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.stock;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.referral.intake.ValidReferral;

/** Stock UK Core ServiceRequests, with none of this platform's code systems, read into referrals. */
class StockUkCoreReadingTest {

    private static final LocalDate TODAY = LocalDate.now();
    private final FhirReferralReader reader = new FhirReferralReader(FHIR, new FhirStructureValidator(FHIR));

    @Test
    void aGpPracticesStockReferralIsAcceptedWithSourceRoleAndNeedFromItsOdsCodeAndSnomedReason() {
        FhirExamples.Stock s = stock();

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        ValidReferral valid = outcome.referral();
        assertThat(valid.source()).isEqualTo(ReferralSource.GP);
        assertThat(valid.referrerRole()).isEqualTo(ReferrerRole.GP);
        assertThat(valid.referrerOdsCode()).isEqualTo("C82001");
        assertThat(valid.referrerName()).isEqualTo("The Surgery");
        assertThat(valid.requestedUrgency()).isEqualTo(RequestedUrgency.URGENT);
        assertThat(valid.clinicalNeeds()).containsExactly(ClinicalNeed.FALLS);
        assertThat(valid.snomedCode()).isEqualTo(FhirExamples.FALLS);
        assertThat(valid.reasonText()).isEqualTo("Falls");
        assertThat(valid.nhsNumber()).isEqualTo(s.nhsNumber);
    }

    @Test
    void aStockReferralInATransactionBundleIsAcceptedToo() {
        FhirReferralReader.Outcome outcome = reader.read(json(stock().bundle()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().source()).isEqualTo(ReferralSource.GP);
        assertThat(outcome.referral().clinicalNeeds()).containsExactly(ClinicalNeed.FALLS);
    }

    @Test
    void anNhsTrustsThreeCharacterCodeMakesItAHospitalReferralByAHospitalDoctor() {
        FhirReferralReader.Outcome outcome = reader.read(json(stock("RWE", "248279007", "Frailty").contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().source()).isEqualTo(ReferralSource.ACUTE_HOSPITAL);
        assertThat(outcome.referral().referrerRole()).isEqualTo(ReferrerRole.HOSPITAL_DOCTOR);
        assertThat(outcome.referral().clinicalNeeds()).containsExactly(ClinicalNeed.FRAILTY_DECOMPENSATION);
    }

    @Test
    void anOdsRoleOnOrganizationTypeShowsAKindTheCodesFormCannot() {
        FhirExamples.Stock s = stock("VNX12", FhirExamples.FALLS, "Falls");
        s.requester.addType().addCoding(new Coding(OdsOrganisationKind.ODS_ROLE, "RO269", "CARE HOME"));

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().source()).isEqualTo(ReferralSource.CARE_HOME);
        assertThat(outcome.referral().referrerRole()).isEqualTo(ReferrerRole.CARE_HOME_STAFF);
    }

    @Test
    void aSourceAndRoleStatedInOurOwnCodeSystemsAreHonouredOverTheOdsCode() {
        FhirExamples.Stock s = stock("RWE", FhirExamples.FALLS, "Falls");
        s.request.addCategory().addCoding(new Coding(FhirCodings.REFERRAL_SOURCE, "COMMUNITY_TEAM", null));
        s.request.addCategory().addCoding(new Coding(FhirCodings.CLINICAL_NEED, "THERAPY_NEED", null));

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().source()).isEqualTo(ReferralSource.COMMUNITY_TEAM);
        // Stated needs win over the ones the SNOMED CT concept stands for.
        assertThat(outcome.referral().clinicalNeeds()).containsExactly(ClinicalNeed.THERAPY_NEED);
    }

    @Test
    void aConceptTheTableDoesNotKnowIsAcceptedWithNoNeedsAndItsWordsKept() {
        // 22298006, myocardial infarction: a valid concept id that no row of the table maps.
        FhirExamples.Stock s = stock("C82001", "22298006", "Myocardial infarction");
        s.request.getReasonCodeFirstRep().setText("Heart attack last month, struggling at home");

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().clinicalNeeds()).isEmpty();
        assertThat(outcome.referral().snomedCode()).isEqualTo("22298006");
        assertThat(outcome.referral().reasonText()).isEqualTo("Heart attack last month, struggling at home");
    }

    @Test
    void aReasonGivenOnlyInCodeIsReadFromCode() {
        FhirExamples.Stock s = stock();
        s.request.getReasonCode().clear();
        s.request.setCode(new CodeableConcept(new Coding(FhirCodings.SNOMED_CT, "103735009", "Palliative care")));

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().clinicalNeeds()).containsExactly(ClinicalNeed.PALLIATIVE_CARE);
        assertThat(outcome.referral().reasonText()).isEqualTo("Palliative care");
    }

    @Test
    void anOrganisationWhoseKindNothingShowsIsAskedForItAtTheRequester() {
        FhirReferralReader.Outcome outcome = reader.read(json(stock("VNX12", FhirExamples.FALLS, "Falls").contained()),
                TODAY);

        assertThat(outcome.valid()).isEmpty();
        assertThat(outcome.issues()).extracting(FhirIssue::code, FhirIssue::expression).containsExactly(
                tuple(IssueType.REQUIRED, "ServiceRequest.requester"),
                tuple(IssueType.REQUIRED, "ServiceRequest.requester"));
        assertThat(outcome.issues()).allSatisfy(issue -> assertThat(issue.diagnostics())
                .contains("ODS").doesNotContain("VNX12"));
    }

    @ParameterizedTest(name = "{0} maps to {1}")
    @CsvSource({
            "C82001, GP_PRACTICE", "c82001, GP_PRACTICE", "RWE, NHS_TRUST", "RWE01, NHS_TRUST",
            "Y00123, GP_PRACTICE", "VNX12, ", "8HK48, ", "RWEX, ", "C8200, "})
    void theFormOfAnOdsCodeShowsAGpPracticeOrAnNhsTrust(String code, OdsOrganisationKind kind) {
        assertThat(OdsOrganisationKind.ofCode(code)).isEqualTo(Optional.ofNullable(kind));
    }

    @Test
    void priorityKeepsMappingToUrgency() {
        FhirExamples.Stock s = stock();
        s.request.setPriority(ServiceRequest.ServiceRequestPriority.STAT);

        assertThat(reader.read(json(s.contained()), TODAY).referral().requestedUrgency()).isEqualTo(RequestedUrgency.CRISIS);
    }

    @Test
    void aHospitalsOccurrenceIsTheExpectedDischargeAndItsPathwayCategoryThePathway() {
        FhirExamples.Stock s = stock("RWE", "248279007", "Frailty");
        s.request.setOccurrence(new Period().setStartElement(new DateTimeType(TODAY.plusDays(1).toString())));
        s.request.addCategory().addCoding(new Coding(FhirCodings.DISCHARGE_PATHWAY, "1", "Home with support"));

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().discharge()).isEqualTo(new ValidReferral.Discharge(TODAY.plusDays(1), 1));
    }

    @Test
    void aGpsOccurrenceIsNotADischargeItsClocksStartAtReceipt() {
        FhirExamples.Stock s = stock();
        s.request.setOccurrence(new DateTimeType(TODAY.plusDays(1).toString()));

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.referral().discharge()).isNull();
    }

    @Test
    void aDischargeTooFarAheadOrAPathwayOutOfRangeIsNamedAtItsElement() {
        FhirExamples.Stock s = stock("RWE", "248279007", "Frailty");
        s.request.setOccurrence(new DateTimeType(TODAY.plusYears(2).toString()));
        s.request.addCategory().addCoding(new Coding(FhirCodings.DISCHARGE_PATHWAY, "7", null));

        FhirReferralReader.Outcome outcome = reader.read(json(s.contained()), TODAY);

        assertThat(outcome.valid()).isEmpty();
        assertThat(outcome.issues()).extracting(FhirIssue::expression)
                .containsExactlyInAnyOrder("ServiceRequest.occurrenceDateTime", "ServiceRequest.category[0]");
    }
}
