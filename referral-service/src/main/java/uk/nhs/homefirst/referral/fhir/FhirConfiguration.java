package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.UUID;
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
            @ConfigProperty(name = "homefirst.fhir.profile-packages") Optional<List<java.nio.file.Path>> packages) {
        return new FhirReferralReader(fhir, new FhirStructureValidator(fhir, packages.orElse(List.of())));
    }

    /**
     * Off the start-up path: the service is ready (and takes JSON referrals) a few seconds sooner, and
     * a FHIR request that comes before the warm-up ends waits for the FhirContext being built.
     */
    void warmUp(@Observes StartupEvent startup, Provider<FhirContext> fhir, Provider<FhirReferralReader> reader) {
        Thread warmUp = new Thread(() -> {
            long started = System.nanoTime();
            try {
                String example = fhir.get().newJsonParser().encodeResourceToString(ServiceRequestView.of(example()));
                reader.get().read(example, LocalDate.now());
                reader.get().read("{\"resourceType\": \"Bundle\", \"type\": \"transaction\"}", LocalDate.now());
                fhir.get().newJsonParser().encodeResourceToString(
                        FhirIssue.outcome(List.of(FhirIssue.invalid("Patient", "warm-up"))));
                LOG.debugf("FHIR R4 model ready in %d ms", (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                // Only a head start: the first FHIR request does the same work if this could not.
                LOG.debugf("FHIR warm-up stopped: %s", e.toString());
            }
        }, "fhir-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
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
