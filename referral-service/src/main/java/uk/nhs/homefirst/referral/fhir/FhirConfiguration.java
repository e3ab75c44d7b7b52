package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * The one FhirContext of the application. Creating one takes seconds, and so does HAPI's first use
 * of each resource type, so both happen as the application starts rather than on the first referral. A
 * FhirContext is thread-safe; its parsers are not, and are made per request (they are cheap).
 */
@Singleton
public class FhirConfiguration {

    private static final Logger LOG = Logger.getLogger(FhirConfiguration.class);

    @Produces
    @Singleton
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    @Produces
    @Singleton
    FhirReferralReader reader(FhirContext fhir,
            @ConfigProperty(name = "homefirst.fhir.profile-packages") Optional<List<Path>> packages) {
        return new FhirReferralReader(fhir, new FhirStructureValidator(fhir, packages.orElse(List.of())));
    }

    /**
     * Off the start-up path, so that start-up and liveness are not held up; readiness is
     * ({@link FhirWarmUp}) until it ends, rather than a client's first submission timing out.
     */
    void warmUp(@Observes StartupEvent startup, Provider<FhirContext> fhir, Provider<FhirReferralReader> reader,
            @Readiness FhirWarmUp ready) {
        // @Readiness is a qualifier of the check's bean: without it, no bean matches.
        Thread warmUp = new Thread(() -> warmUp(fhir, reader, ready), "fhir-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** Takes HAPI through every type the intake uses, and the validator through a valid referral; then ready. */
    static void warmUp(Provider<FhirContext> fhir, Provider<FhirReferralReader> reader, FhirWarmUp ready) {
        long started = System.nanoTime();
        try {
            FhirReferralReader.Outcome outcome = reader.get().read(exampleJson(fhir.get()), LocalDate.now());
            if (!outcome.issues().isEmpty()) {
                // Refused before the structure definitions were reached: the first valid referral loads them.
                LOG.warnf("FHIR warm-up's example was refused, so the validator is not loaded yet: %s",
                        outcome.issues());
            }
            reader.get().read("{\"resourceType\": \"Bundle\", \"type\": \"transaction\"}", LocalDate.now());
            fhir.get().newJsonParser().encodeResourceToString(
                    FhirIssue.outcome(List.of(FhirIssue.invalid("Patient", "warm-up"))));
            LOG.debugf("FHIR R4 model ready in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            // Ready all the same (finally), but the first FHIR request does this work and may be slow or
            // fail the same way: say so. The example is made up, so the message names no patient.
            LOG.warnf("FHIR warm-up failed after %d ms; the first FHIR request will load HAPI itself: %s",
                    (System.nanoTime() - started) / 1_000_000, e.toString());
        } finally {
            ready.finished();
        }
    }

    /** The warm-up's referral as a FHIR client would send it. */
    static String exampleJson(FhirContext fhir) {
        return fhir.newJsonParser().encodeResourceToString(ServiceRequestView.of(example()));
    }

    /** A referral that is never stored: it only takes HAPI through every type the intake uses. */
    private static Referral example() {
        Referral r = new Referral();
        r.id = UUID.randomUUID();
        r.receivedAt = Instant.now();
        r.recordedAt = r.receivedAt;
        r.source = ReferralSource.GP;
        r.requestedUrgency = RequestedUrgency.CRISIS;
        r.clinicalNeeds = new String[] {ClinicalNeed.FALLS.name()};
        r.reasonText = "warm-up";
        r.nhsNumber = "9990000018";
        r.givenName = "A";
        r.familyName = "B";
        r.dateOfBirth = LocalDate.of(1950, 1, 1);
        r.postcode = "LE11 3TU";
        r.postcodeDistrict = "LE11";
        r.gpPracticeOdsCode = "C82001";
        r.phone = "01509 000000";
        r.referrerOdsCode = "C82001";
        r.referrerRole = ReferrerRole.GP;
        r.referrerName = "C";
        r.status = ReferralStatus.RECEIVED;
        return r;
    }
}
