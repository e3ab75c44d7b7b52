package uk.nhs.homefirst.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * of each resource type, so both happen at start-up rather than on the first referral. A
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
    FhirReferralReader reader(FhirContext fhir) {
        return new FhirReferralReader(fhir);
    }

    void warmUp(@Observes StartupEvent startup, FhirContext fhir, FhirReferralReader reader) {
        long started = System.nanoTime();
        String example = fhir.newJsonParser().encodeResourceToString(ServiceRequestView.of(example()));
        reader.read(example, LocalDate.now());
        reader.read("{\"resourceType\": \"Bundle\", \"type\": \"transaction\"}", LocalDate.now());
        fhir.newJsonParser().encodeResourceToString(FhirIssue.outcome(List.of(FhirIssue.invalid("Patient", "warm-up"))));
        LOG.debugf("FHIR R4 model ready in %d ms", (System.nanoTime() - started) / 1_000_000);
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
