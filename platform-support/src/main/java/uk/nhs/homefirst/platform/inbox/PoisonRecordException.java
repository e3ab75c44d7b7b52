package uk.nhs.homefirst.platform.inbox;

/**
 * A record that no retry can make readable. Thrown from a consumer, it sends the record to the
 * topic's dead-letter topic with this message as the reason, and the consumer carries on.
 *
 * <p>The message names what is wrong and where, never a value: records on the referrals topic
 * carry patient data, and reasons are logged.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason);
    }
}
