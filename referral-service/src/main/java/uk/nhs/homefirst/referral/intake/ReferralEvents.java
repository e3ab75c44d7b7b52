package uk.nhs.homefirst.referral.intake;

import java.util.Arrays;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.DischargeDelayed;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.referral.store.Referral;

/** Maps stored referrals to the events of the contract. */
final class ReferralEvents {

    private ReferralEvents() {
    }

    static ReferralReceived received(Referral r) {
        return new ReferralReceived(
                r.id.toString(), r.receivedAt, r.recordedAt, r.statedReceivedAt, r.source, r.sourceSystem,
                r.sourceReferralId, r.requestedUrgency,
                Arrays.stream(r.clinicalNeeds).map(ClinicalNeed::valueOf).toList(),
                new ReferralReceived.Reason(r.reasonText, r.snomedCode),
                new ReferralReceived.Patient(r.nhsNumber, r.givenName, r.familyName, r.dateOfBirth, r.postcode,
                        r.postcodeDistrict, r.gpPracticeOdsCode, r.phone),
                new ReferralReceived.Referrer(r.referrerOdsCode, r.referrerRole, r.referrerName),
                r.awaitsDischarge ? new ReferralReceived.Discharge(r.expectedDischargeDate, r.dischargePathway) : null);
    }

    static PatientDischarged discharged(Referral r) {
        return new PatientDischarged(r.id.toString(), r.dischargeId.toString(), r.dischargedAt, r.dischargePathway,
                r.dischargeRecordedAt);
    }

    static DischargeDelayed delayed(Referral r, DischargeDelayed.DischargeChange change, java.time.Instant changedAt) {
        return new DischargeDelayed(r.id.toString(), change, r.expectedDischargeDate, changedAt);
    }

    static ReferralCancelled cancelled(Referral r) {
        return new ReferralCancelled(r.id.toString(), r.cancelledAt, r.cancellationReason, r.cancellationText);
    }
}
