package uk.nhs.homefirst.triage.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.triage.decision.Cancellation;
import uk.nhs.homefirst.triage.decision.NewReferral;
import uk.nhs.homefirst.triage.support.FakeReferrals;

class ReferralEventReaderTest {

    private static final Instant T = Instant.parse("2026-11-23T09:15:00Z");
    private final String id = FakeReferrals.newId();

    @Test
    void keepsTheOperationalFactsAndLeavesThePatientBehind() {
        ReferralReceived event = FakeReferrals.received(id, T, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        NewReferral referral = ReferralEventReader.received(event, id);

        assertThat(referral).isEqualTo(new NewReferral(UUID.fromString(id), T, ReferralSource.AMBULANCE,
                RequestedUrgency.URGENT, java.util.List.of(ClinicalNeed.FALLS), "LE11", "C82001"));
        // A record component holding any of the patient's identifiers would show in toString.
        assertThat(referral.toString()).doesNotContain(FakeReferrals.NHS_NUMBER, FakeReferrals.FAMILY_NAME,
                FakeReferrals.GIVEN_NAME, FakeReferrals.POSTCODE, FakeReferrals.PHONE, "1938");
        assertThat(Arrays.stream(NewReferral.class.getRecordComponents()).map(c -> c.getName()))
                .doesNotContain("nhsNumber", "givenName", "familyName", "dateOfBirth", "postcode", "phone");
    }

    @Test
    void aMissingFactIsPoisonNamingTheField() {
        ReferralReceived event = FakeReferrals.received(id, T, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        ReferralReceived noUrgency = new ReferralReceived(id, T, T, null, ReferralSource.GP, null, null, null,
                event.clinicalNeeds(), event.reason(), event.patient(), event.referrer());
        assertThatThrownBy(() -> ReferralEventReader.received(noUrgency, id))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("ReferralReceived field 'requestedUrgency' is missing");
    }

    @Test
    void aReferralIdThatIsNoUuidIsPoison() {
        ReferralReceived event = FakeReferrals.received("R-42", T, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        assertThatThrownBy(() -> ReferralEventReader.received(event, "R-42"))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("'referralId' is not a UUID");
    }

    @Test
    void anEventKeyedByAnotherReferralIsPoison() {
        ReferralReceived event = FakeReferrals.received(id, T, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        assertThatThrownBy(() -> ReferralEventReader.received(event, UUID.randomUUID().toString()))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("record key");
    }

    @Test
    void aFullPostcodeWhereTheDistrictShouldBeIsPoisonAndIsNotRepeated() {
        ReferralReceived event = FakeReferrals.received(id, T, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        ReferralReceived.Patient p = event.patient();
        ReferralReceived leaky = new ReferralReceived(id, T, T, null, ReferralSource.GP, null, null,
                RequestedUrgency.URGENT, event.clinicalNeeds(), event.reason(),
                new ReferralReceived.Patient(p.nhsNumber(), p.givenName(), p.familyName(), p.dateOfBirth(),
                        p.postcode(), "LE11 3TU", p.gpPracticeOdsCode(), p.phone()),
                event.referrer());
        assertThatThrownBy(() -> ReferralEventReader.received(leaky, id))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("patient.postcodeDistrict")
                .hasMessageNotContaining("LE11");
    }

    @Test
    void aCancellationKeepsItsCodeButNotItsText() {
        ReferralCancelled event = FakeReferrals.cancelled(id, T);
        Cancellation cancellation = ReferralEventReader.cancelled(event, id);
        assertThat(cancellation).isEqualTo(new Cancellation(UUID.fromString(id), T, CancellationReason.PATIENT_ADMITTED));
    }

    @Test
    void aCancellationWithoutItsTimeIsPoison() {
        ReferralCancelled event = new ReferralCancelled(id, null, CancellationReason.OTHER, "x");
        assertThatThrownBy(() -> ReferralEventReader.cancelled(event, id))
                .isInstanceOf(PoisonRecordException.class)
                .hasMessage("ReferralCancelled field 'cancelledAt' is missing");
    }
}
