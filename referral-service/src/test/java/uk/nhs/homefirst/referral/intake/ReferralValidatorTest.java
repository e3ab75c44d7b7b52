package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.problem.Problem;

class ReferralValidatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    static ReferralRequest valid() {
        return new ReferralRequest("GP", null, null, "CRISIS", null, List.of("FALLS"),
                new ReferralRequest.Reason("Fall at home, unable to get up", null),
                new ReferralRequest.Patient("943 476 5919", "Ada", "Lovelace", "1941-03-02", "le11 3tu", "c82001",
                        "07700 900123"),
                new ReferralRequest.Referrer("C82001", "GP", "Dr A Patel"));
    }

    @Test
    void acceptsAValidReferralAndNormalisesIt() {
        ValidReferral referral = ReferralValidator.validate(valid(), TODAY).valid().orElseThrow();
        assertThat(referral.nhsNumber()).isEqualTo("9434765919");
        assertThat(referral.postcode().district()).isEqualTo("LE11");
        assertThat(referral.gpPracticeOdsCode()).isEqualTo("C82001");
        assertThat(referral.requestedUrgency()).isEqualTo(RequestedUrgency.CRISIS);
        assertThat(referral.clinicalNeeds()).containsExactly(ClinicalNeed.FALLS);
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        ReferralRequest request = new ReferralRequest("FAX", null, null, null, "yesterday", List.of("FALLS", "HICCUPS"),
                new ReferralRequest.Reason(" ", "0123"),
                new ReferralRequest.Patient("9434765918", "", "Lovelace", "2030-01-01", "NOT A POSTCODE", "!", null),
                new ReferralRequest.Referrer(null, "WIZARD", "Dr A Patel"));

        var result = ReferralValidator.validate(request, TODAY);

        assertThat(result.valid()).isEmpty();
        assertThat(result.violations().errors()).extracting(Problem.FieldError::field).containsExactlyInAnyOrder(
                "source", "requestedUrgency", "receivedAt", "clinicalNeeds[1]", "reason.text", "reason.snomedCode",
                "patient.nhsNumber", "patient.givenName", "patient.dateOfBirth", "patient.postcode",
                "patient.gpPracticeOdsCode", "referrer.organisationOdsCode", "referrer.role");
    }

    @Test
    void namesTheModulus11FailureWithoutRepeatingTheNumber() {
        var request = new ReferralRequest("GP", null, null, "CRISIS", null, List.of("FALLS"),
                new ReferralRequest.Reason("Fall", null),
                new ReferralRequest.Patient("9434765918", "Ada", "Lovelace", "1941-03-02", "LE11 3TU", "C82001", null),
                new ReferralRequest.Referrer("C82001", "GP", "Dr A Patel"));

        var errors = ReferralValidator.validate(request, TODAY).violations().errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("patient.nhsNumber");
            assertThat(error.message()).contains("modulus-11").doesNotContain("9434765918");
        });
    }

    @Test
    void requiresThePatientAndReferrerObjects() {
        var request = new ReferralRequest("GP", null, null, "CRISIS", null, List.of("FALLS"),
                new ReferralRequest.Reason("Fall", null), null, null);

        assertThat(ReferralValidator.validate(request, TODAY).violations().errors())
                .extracting(Problem.FieldError::field).containsExactlyInAnyOrder("patient", "referrer");
    }

    @Test
    void aDateOfBirthOfTodayIsValidAndTomorrowIsNot() {
        assertThat(validWithDateOfBirth(TODAY.toString()).valid()).isPresent();
        assertThat(validWithDateOfBirth(TODAY.plusDays(1).toString()).violations().errors())
                .extracting(Problem.FieldError::field).containsExactly("patient.dateOfBirth");
    }

    @Test
    void aDateOfBirthExactly130YearsAgoIsValidAndADayEarlierIsNot() {
        assertThat(validWithDateOfBirth(TODAY.minusYears(130).toString()).valid()).isPresent();
        assertThat(validWithDateOfBirth(TODAY.minusYears(130).minusDays(1).toString()).violations().errors())
                .extracting(Problem.FieldError::message).containsExactly("must be within the last 130 years");
        assertThat(validWithDateOfBirth("1941-02-30").violations().errors())
                .extracting(Problem.FieldError::field).containsExactly("patient.dateOfBirth");
    }

    @Test
    void sourceSystemAndSourceReferralIdGoTogether() {
        ReferralRequest v = valid();
        var request = new ReferralRequest(v.source(), "EMIS-WEB", null, v.requestedUrgency(), null, v.clinicalNeeds(),
                v.reason(), v.patient(), v.referrer());
        assertThat(ReferralValidator.validate(request, TODAY).violations().errors())
                .extracting(Problem.FieldError::field).containsExactly("sourceReferralId");
    }

    private static ReferralValidator.Result validWithDateOfBirth(String dateOfBirth) {
        ReferralRequest v = valid();
        var p = v.patient();
        return ReferralValidator.validate(new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null,
                v.clinicalNeeds(), v.reason(), new ReferralRequest.Patient(p.nhsNumber(), p.givenName(), p.familyName(),
                        dateOfBirth, p.postcode(), p.gpPracticeOdsCode(), p.phone()),
                v.referrer()), TODAY);
    }

    @Test
    void namesOfAnyScriptAreAcceptedAndKeptComposed() {
        ReferralRequest v = valid();
        var p = v.patient();
        var request = new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null, v.clinicalNeeds(),
                new ReferralRequest.Reason("Fall at home", "217082002"),
                new ReferralRequest.Patient(p.nhsNumber(), "Zoe\u0308", "Siobhán Ní Dhomhnaill", p.dateOfBirth(),
                        p.postcode(), p.gpPracticeOdsCode(), "+44 (0)116 496 0000"),
                new ReferralRequest.Referrer("RWE", "HOSPITAL_DOCTOR", "Dr Nguyễn Văn An, discharge team"));

        ValidReferral referral = ReferralValidator.validate(request, TODAY).valid().orElseThrow();

        assertThat(referral.givenName()).isEqualTo("Zoë");
        assertThat(referral.familyName()).isEqualTo("Siobhán Ní Dhomhnaill");
        assertThat(referral.snomedCode()).isEqualTo("217082002");
        assertThat(referral.referrerName()).isEqualTo("Dr Nguyễn Văn An, discharge team");
    }

    @Test
    void theSnomedCodeMustPassItsVerhoeffCheckAndNameAConcept() {
        assertThat(fieldsOf(withSnomed("217082003"))).containsExactly("reason.snomedCode");
        assertThat(messagesOf(withSnomed("217082003"))).containsExactly("fails the SNOMED CT Verhoeff check digit");
        assertThat(fieldsOf(withSnomed("123456017"))).containsExactly("reason.snomedCode");
        assertThat(fieldsOf(withSnomed("21708200"))).containsExactly("reason.snomedCode");
        assertThat(fieldsOf(withSnomed("73211009"))).isEmpty();
    }

    @Test
    void namesAreSingleLinesOfLettersOfBoundedLength() {
        assertThat(fieldsOf(withNames("Ada\nMary", "Lovelace"))).containsExactly("patient.givenName");
        assertThat(fieldsOf(withNames("Ada", "Love\u0000lace"))).containsExactly("patient.familyName");
        assertThat(fieldsOf(withNames("<script>", "'; DROP TABLE referral;--"))).containsExactly("patient.givenName",
                "patient.familyName");
        assertThat(fieldsOf(withNames("A".repeat(101), "B".repeat(100)))).containsExactly("patient.givenName");
        assertThat(messagesOf(withNames("A".repeat(101), "Lovelace"))).containsExactly("must be at most 100 characters");
        assertThat(fieldsOf(withNames("A".repeat(1_000_000), "Lovelace"))).containsExactly("patient.givenName");
    }

    @Test
    void theReasonIsFreeTextWithLineBreaksButBounded() {
        ReferralRequest v = valid();
        ReferralRequest multiline = new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null,
                v.clinicalNeeds(), new ReferralRequest.Reason("Fell at 03:00.\nCannot stand; daughter's number: "
                        + "see record. <b>urgent</b> ${jndi:ldap://x}", null), v.patient(), v.referrer());
        assertThat(ReferralValidator.validate(multiline, TODAY).valid()).isPresent();
        ReferralRequest tooLong = new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null,
                v.clinicalNeeds(), new ReferralRequest.Reason("x".repeat(4001), null), v.patient(), v.referrer());
        assertThat(fieldsOf(tooLong)).containsExactly("reason.text");
    }

    @Test
    void aSelfReferralIsMadeByAPatientOrCarerAndOnlyThen() {
        ReferralRequest v = valid();
        var selfByGp = new ReferralRequest("SELF_OR_CARER", null, null, v.requestedUrgency(), null, v.clinicalNeeds(),
                v.reason(), v.patient(), new ReferralRequest.Referrer("C82001", "GP", "Dr A Patel"));
        var gpByCarer = new ReferralRequest("GP", null, null, v.requestedUrgency(), null, v.clinicalNeeds(),
                v.reason(), v.patient(), new ReferralRequest.Referrer("C82001", "PATIENT_OR_CARER", "Daughter"));
        var selfByCarer = new ReferralRequest("SELF_OR_CARER", null, null, v.requestedUrgency(), null,
                v.clinicalNeeds(), v.reason(), v.patient(),
                new ReferralRequest.Referrer("C82001", "PATIENT_OR_CARER", "Daughter (main carer)"));
        assertThat(fieldsOf(selfByGp)).containsExactly("referrer.role");
        assertThat(fieldsOf(gpByCarer)).containsExactly("referrer.role");
        assertThat(fieldsOf(selfByCarer)).isEmpty();
    }

    @Test
    void theGpPracticeIsALetterAndFiveDigitsAndThePhoneATelephoneNumber() {
        ReferralRequest v = valid();
        var p = v.patient();
        var request = new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null, v.clinicalNeeds(),
                v.reason(), new ReferralRequest.Patient(p.nhsNumber(), p.givenName(), p.familyName(), p.dateOfBirth(),
                        p.postcode(), "RWE", "call after 6"),
                v.referrer());
        assertThat(fieldsOf(request)).containsExactly("patient.gpPracticeOdsCode", "patient.phone");
    }

    @Test
    void sourceIdentifiersAreCodesNotText() {
        ReferralRequest v = valid();
        var request = new ReferralRequest(v.source(), "EMIS WEB", "'; DROP TABLE referral;--", v.requestedUrgency(),
                null, v.clinicalNeeds(), v.reason(), v.patient(), v.referrer());
        assertThat(fieldsOf(request)).containsExactly("sourceReferralId");
    }

    @Test
    void noMessageRepeatsTheValueItJudges() {
        String secret = "Zaphod7Beeblebrox";
        var request = new ReferralRequest(secret, secret, secret + "\n", secret, secret, List.of(secret),
                new ReferralRequest.Reason(secret + "\u0000", secret),
                new ReferralRequest.Patient(secret, secret + "!", secret + "?", secret, secret, secret, secret),
                new ReferralRequest.Referrer(secret, secret, secret + "<"));

        var errors = ReferralValidator.validate(request, TODAY).violations().errors();

        assertThat(errors).hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy(error -> assertThat(error.message()).doesNotContain(secret));
    }

    private static ReferralRequest withSnomed(String code) {
        ReferralRequest v = valid();
        return new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null, v.clinicalNeeds(),
                new ReferralRequest.Reason("Fall", code), v.patient(), v.referrer());
    }

    private static ReferralRequest withNames(String given, String family) {
        ReferralRequest v = valid();
        var p = v.patient();
        return new ReferralRequest(v.source(), null, null, v.requestedUrgency(), null, v.clinicalNeeds(), v.reason(),
                new ReferralRequest.Patient(p.nhsNumber(), given, family, p.dateOfBirth(), p.postcode(),
                        p.gpPracticeOdsCode(), p.phone()),
                v.referrer());
    }

    private static List<String> fieldsOf(ReferralRequest request) {
        return ReferralValidator.validate(request, TODAY).violations().errors().stream()
                .map(Problem.FieldError::field).toList();
    }

    private static List<String> messagesOf(ReferralRequest request) {
        return ReferralValidator.validate(request, TODAY).violations().errors().stream()
                .map(Problem.FieldError::message).toList();
    }
}
