package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;

import java.time.LocalDate;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class FhirWarmUpTest {

    private final FhirReferralReader reader = new FhirReferralReader(FHIR, new FhirStructureValidator(FHIR));

    @Test
    void notReadyUntilTheWarmUpEnds() {
        FhirWarmUp check = new FhirWarmUp();
        HealthCheckResponse before = check.call();
        assertThat(before.getName()).isEqualTo("FHIR validator");
        assertThat(before.getStatus()).isEqualTo(Status.DOWN);

        FhirConfiguration.warmUp(() -> FHIR, () -> reader, check);

        assertThat(check.call().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aFailedWarmUpStillEndsSoTheServiceBecomesReady() {
        FhirWarmUp check = new FhirWarmUp();

        FhirConfiguration.warmUp(() -> {
            throw new IllegalStateException("no FhirContext");
        }, () -> reader, check);

        assertThat(check.call().getStatus()).isEqualTo(Status.UP);
    }

    /** A refused example would stop before the structure definitions, and readiness would not wait for them. */
    @Test
    void theWarmUpExampleIsValidSoItReachesTheValidator() {
        FhirReferralReader.Outcome outcome = reader.read(FhirConfiguration.exampleJson(FHIR), LocalDate.now());

        assertThat(outcome.issues()).isEmpty();
        assertThat(outcome.valid()).isPresent();
    }
}
