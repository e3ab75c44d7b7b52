package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * Hub staff of the hub holding a referral sent it back to its LDU: the hub no longer holds it (its
 * allocation is released), and the LDU reviews it. Codes, ids and a time only: the staff's words stay
 * in hub-allocation-service. Travels on {@link Topics#ALLOCATIONS}, keyed by referral id.
 *
 * @param sendBackId       this send-back's id
 * @param hubId            the hub that held the referral and sent it back
 * @param allocationNumber the number of the allocation released (that hub's)
 * @param reasonCode       why, as a code
 * @param sentBackAt       when hub-allocation-service recorded it
 * @param sentBackBy       the staff id of who sent it back (its token's subject)
 * @param ldu              the LDU the referral is routed to, whose queue it goes to; null when none
 */
public record ReferralSentBack(
        String referralId,
        String sendBackId,
        String hubId,
        int allocationNumber,
        SendBackReason reasonCode,
        Instant sentBackAt,
        String sentBackBy,
        String ldu) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralSentBack.v1";
}
