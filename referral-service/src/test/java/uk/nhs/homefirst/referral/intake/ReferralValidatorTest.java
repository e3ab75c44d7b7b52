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
}
