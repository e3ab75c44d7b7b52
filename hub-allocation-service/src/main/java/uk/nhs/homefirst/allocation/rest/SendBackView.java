package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import uk.nhs.homefirst.allocation.store.SendBack;
import uk.nhs.homefirst.events.SendBackReason;

/**
 * A hub sent a referral back to its LDU.
 *
 * @param allocationNumber the allocation released: the sending hub's
 * @param reason           the staff's words, for the LDU; only on this service's REST answers, never on a topic
 * @param sentBackBy       the staff id (token subject) of who sent it
 */
public record SendBackView(String sendBackId, String referralId, String hubId, int allocationNumber,
        SendBackReason reasonCode, String reason, Instant sentBackAt, String sentBackBy) {

    static SendBackView of(SendBack s) {
        return new SendBackView(s.id.toString(), s.referralId.toString(), s.hubId, s.allocationNumber, s.reasonCode,
                s.reason, s.sentBackAt, s.sentBackBy);
    }
}
