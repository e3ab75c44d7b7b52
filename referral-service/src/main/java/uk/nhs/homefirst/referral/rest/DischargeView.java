package uk.nhs.homefirst.referral.rest;

import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * A discharge-to-assess referral's discharge, as the hospital reads it back.
 *
 * @param status       AWAITING_DISCHARGE until the hospital confirms it, then DISCHARGED
 * @param expectedDate the expected date while it awaits (null when the hospital gave none)
 * @param pathway      the discharge pathway, 0 to 3, when known
 * @param dischargedAt when the patient left hospital: the clocks start then
 * @param recordedAt   when the confirmation was recorded
 */
public record DischargeView(String referralId, String status, LocalDate expectedDate, Integer pathway,
        Instant dischargedAt, Instant recordedAt) {

    static DischargeView of(Referral r) {
        if (!r.awaitsDischarge) {
            return null;
        }
        return new DischargeView(r.id.toString(), r.dischargedAt == null ? "AWAITING_DISCHARGE" : "DISCHARGED",
                r.expectedDischargeDate, r.dischargePathway, r.dischargedAt, r.dischargeRecordedAt);
    }
}
