package uk.nhs.homefirst.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The hospital postponed or cancelled the expected discharge of a discharge-to-assess referral:
 * the referral stays awaiting discharge, with the new expected date. Operational facts only.
 * Travels on {@link Topics#REFERRALS}.
 *
 * @param expectedDischargeDate the new expected date; null when a cancelled discharge has none yet
 * @param changedAt             when referral-service accepted the change
 */
public record DischargeDelayed(
        String referralId,
        DischargeChange change,
        LocalDate expectedDischargeDate,
        Instant changedAt) {

    public static final String TYPE = "uk.nhs.homefirst.DischargeDelayed.v1";

    /** Why the expected date moved. */
    public enum DischargeChange {
        /** The discharge is planned for a later date. */
        POSTPONED,
        /** The planned discharge will not happen then (the patient is not medically fit, say). */
        CANCELLED
    }
}
