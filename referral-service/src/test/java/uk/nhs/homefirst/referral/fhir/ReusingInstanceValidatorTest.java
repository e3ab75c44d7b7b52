package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.bundle;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.contained;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.example;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.common.hapi.validation.support.CachingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The reused validator must say exactly what HAPI's own says of every resource, however many it has
 * judged before and whatever they were: a reused validator that carried a finding over, or lost
 * one, would refuse a good referral or pass a bad one.
 */
class ReusingInstanceValidatorTest {

    private static final IValidationSupport SUPPORT = new CachingValidationSupport(new ValidationSupportChain(
            new DefaultProfileValidationSupport(FHIR), new SnapshotGeneratingValidationSupport(FHIR),
            new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR)));

    @Test
    void saysOfEachResourceWhatHapisOwnValidatorSaysWhateverCameBefore() {
        FhirValidator hapi = validator(new FhirInstanceValidator(SUPPORT));
        FhirValidator reused = validator(new ReusingInstanceValidator(SUPPORT, ReusingInstanceValidator.USES));
        List<Resource> resources = resources();

        for (int round = 0; round < 3; round++) {
            for (Resource resource : resources) {
                assertThat(findings(reused, resource)).as(resource.fhirType() + " " + resource.getIdElement())
                        .isEqualTo(findings(hapi, resource));
            }
        }
        assertThat(resources.subList(0, 2))
                .allSatisfy(r -> assertThat(findings(reused, r)).noneMatch(f -> f.startsWith("ERROR")));
        assertThat(resources.subList(2, resources.size()))
                .allSatisfy(r -> assertThat(findings(reused, r)).anyMatch(f -> f.startsWith("ERROR")));
    }

    @Test
    void saysOfTheJsonAsSentWhatHapisOwnValidatorSays() {
        FhirValidator hapi = validator(new FhirInstanceValidator(SUPPORT));
        FhirValidator reused = validator(new ReusingInstanceValidator(SUPPORT, ReusingInstanceValidator.USES));
        List<String> bodies = new ArrayList<>(resources().stream().map(FHIR.newJsonParser()::encodeResourceToString).toList());
        // Mistakes that only the JSON shows, which HAPI's model would not carry over: a code not in
        // its required value set, a repeated property, a string where an array belongs.
        String valid = bodies.get(0);
        bodies.add(valid.replace("\"status\":\"active\"", "\"status\":\"underway\""));
        bodies.add(valid.replace("\"intent\":\"order\"", "\"intent\":\"order\",\"intent\":\"plan\""));
        bodies.add(valid.replaceFirst("\"identifier\":\\[(\\{[^}]*})]", "\"identifier\":$1"));

        for (int round = 0; round < 2; round++) {
            for (String body : bodies) {
                assertThat(findings(reused, body)).as(body).isEqualTo(findings(hapi, body));
            }
        }
        assertThat(bodies.subList(2, bodies.size()))
                .allSatisfy(b -> assertThat(findings(reused, b)).as(b).anyMatch(f -> f.startsWith("ERROR")));
    }

    @Test
    void aReusedValidatorKeepsNothingOfTheResourcesItJudged() {
        ReusingInstanceValidator reusing = new ReusingInstanceValidator(SUPPORT, ReusingInstanceValidator.USES);
        FhirValidator reused = validator(reusing);
        for (Resource resource : resources()) {
            findings(reused, resource);
            // HL7's CodingsObserver would keep each coding with the resource it came in: 140 KB a referral.
            assertThat(reusing.codingsHeld()).isZero();
        }
        assertThat(reusing.built()).isEqualTo(1);
    }

    @Test
    void theJsonAsSentIsRefusedForEveryErrorItsResourceIs() {
        FhirStructureValidator structure = new FhirStructureValidator(FHIR);
        for (Resource resource : resources()) {
            String json = FHIR.newJsonParser().encodeResourceToString(resource);
            assertThat(structure.validate(json)).as(json).isEqualTo(structure.validate(resource));
        }
    }

    @Test
    void aValidatorIsRetiredAfterItsUsesAndItsSuccessorSaysTheSame() {
        ReusingInstanceValidator retiring = new ReusingInstanceValidator(SUPPORT, 2);
        FhirValidator reused = validator(retiring);
        FhirValidator hapi = validator(new FhirInstanceValidator(SUPPORT));
        Resource invalid = resources().get(2);

        for (int i = 0; i < 5; i++) {
            assertThat(findings(reused, invalid)).isEqualTo(findings(hapi, invalid));
        }
        assertThat(retiring.built()).isEqualTo(3);
    }

    @Test
    void validationsAtOnceTakeTurnsOnOneValidator() throws Exception {
        ReusingInstanceValidator reusing = new ReusingInstanceValidator(SUPPORT, ReusingInstanceValidator.USES);
        FhirValidator reused = validator(reusing);
        FhirValidator hapi = validator(new FhirInstanceValidator(SUPPORT));
        List<Resource> resources = resources();
        List<List<String>> expected = resources.stream().map(r -> findings(hapi, r)).toList();

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int which = i % resources.size();
                runs.add(pool.submit(() -> findings(reused, resources.get(which)).equals(expected.get(which))));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // They take turns on one: two or more reused at once kept every resource they had judged.
        assertThat(reusing.built()).isEqualTo(1);
    }

    /** Valid ones first (a contained and a bundled referral), then one broken each way. */
    private static List<Resource> resources() {
        ServiceRequest contactWithoutDetails = contained(example());
        ((org.hl7.fhir.r4.model.Patient) contactWithoutDetails.getContained().get(0)).addContact()
                .setGender(AdministrativeGender.FEMALE).addRelationship().setText("Daughter");
        ServiceRequest noStatus = contained(example());
        noStatus.setStatus(null);
        ServiceRequest unknownProfile = contained(example());
        unknownProfile.getMeta().addProfile("https://example.org/fhir/StructureDefinition/Unknown");
        unknownProfile.setIntent(null);
        ServiceRequest badReference = contained(example());
        badReference.getSubject().setReference("#nobody");
        return List.of(contained(example()), bundle(example()), contactWithoutDetails, noStatus, unknownProfile,
                badReference);
    }

    private static FhirValidator validator(FhirInstanceValidator module) {
        module.setAnyExtensionsAllowed(true);
        module.setErrorForUnknownProfiles(false);
        return FHIR.newValidator().registerValidatorModule(module);
    }

    private static List<String> findings(FhirValidator validator, Resource resource) {
        return findings(validator.validateWithResult(resource));
    }

    private static List<String> findings(FhirValidator validator, String json) {
        return findings(validator.validateWithResult(json));
    }

    private static List<String> findings(ca.uhn.fhir.validation.ValidationResult result) {
        return result.getMessages().stream()
                .map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage())
                .toList();
    }
}
