package uk.nhs.homefirst.allocation.messaging;

import java.util.UUID;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/**
 * The checks an event's data must pass before this service acts on it. A failure is a poison
 * record: its reason names the field, never the value.
 */
final class EventChecks {

    private EventChecks() {
    }

    static void require(boolean valid, String eventName, String field, String problem) {
        if (!valid) {
            throw new PoisonRecordException(eventName + " field '" + field + "' " + problem);
        }
    }

    /** The referral id must be a UUID, and the record must be keyed by it so that its events stay in order. */
    static void referralId(IncomingEvent event, String eventName, String referralId) {
        require(referralId != null, eventName, "referralId", "is missing");
        try {
            UUID.fromString(referralId);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(eventName + " field 'referralId' is not a UUID");
        }
        if (event.key() != null && !event.key().equals(referralId)) {
            throw new PoisonRecordException("the record key is not the " + eventName + "'s referralId");
        }
    }

    /** A ce_type is named in a reason only when it looks like one: headers are sender-controlled. */
    static String describeType(String type) {
        return type != null && type.length() <= 100 && type.matches("[A-Za-z0-9._:/-]+") ? type : "(unreadable)";
    }
}
