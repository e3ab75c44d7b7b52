package uk.nhs.homefirst.allocation.sendback;

/**
 * Hub staff send a referral back to its LDU. Text, so that each field is judged and named on its own.
 *
 * @param reasonCode a code of {@link uk.nhs.homefirst.events.SendBackReason}
 * @param reason     what the LDU should know, in the staff's words: 1 to {@value SendBackValidator#MAX_REASON} characters
 */
public record SendBackRequest(String reasonCode, String reason) {
}
