package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * The hospital confirmed that a discharge-to-assess patient left hospital: the response clocks of
 * the referral start from {@code dischargedAt}, never before. Carries operational facts only, no
 * patient identifiers. Travels on {@link Topics#REFERRALS}, keyed by referral id, so that it stays in
 * order with the referral's other events.
 *
 * @param dischargeId      one id per confirmation; a referral is discharged once
 * @param dischargedAt     when the patient left hospital, as the hospital states it
 * @param dischargePathway the national discharge pathway, 0 (home, no new support) to 3 (a bed)
 * @param recordedAt       when referral-service accepted the confirmation
 */
public record PatientDischarged(
        String referralId,
        String dischargeId,
        Instant dischargedAt,
        int dischargePathway,
        Instant recordedAt) {

    public static final String TYPE = "uk.nhs.homefirst.PatientDischarged.v1";
}
