package uk.nhs.homefirst.triage.decision;

import java.time.Instant;
import java.util.UUID;

/**
 * A hub sent a referral back to its LDU, as triage reads ReferralSentBack: ids, a reason code and a time.
 *
 * @param sentBackBy the hub staff's id (their token's subject)
 * @param reasonCode a {@link uk.nhs.homefirst.events.SendBackReason} code
 */
public record HubSendBack(UUID referralId, String hubId, String reasonCode, Instant sentBackAt, String sentBackBy) {
}
