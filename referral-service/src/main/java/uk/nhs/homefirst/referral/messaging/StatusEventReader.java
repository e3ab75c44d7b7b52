package uk.nhs.homefirst.referral.messaging;

import java.time.Instant;
import java.util.UUID;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.referral.status.Milestone;

/**
 * Reads the milestone out of an event of another service, or refuses the event as poison, naming the
 * field and the rule, never the value.
 */
final class StatusEventReader {

    /** The referral an event is about, and what it says happened. */
    record Reading(UUID referralId, Milestone milestone) {
    }

    private static final int MAX_ID = 100;

    private StatusEventReader() {
    }

    static Reading triaged(ReferralTriaged e, String key) {
        UUID referralId = referralId(e.referralId(), key);
        String decisionId = id(e.decisionId(), "decisionId");
        if (e.decisionNumber() < 1) {
            throw new PoisonRecordException("field 'decisionNumber' must be 1 or more");
        }
        required(e.pathway(), "pathway");
        return new Reading(referralId, Milestone.triaged(decisionId, e.decisionNumber(), time(e.decidedAt(), "decidedAt"),
                e.pathway(), e.standard()));
    }

    static Reading allocated(ReferralAllocated e, String key) {
        UUID referralId = referralId(e.referralId(), key);
        String allocationId = id(e.allocationId(), "allocationId");
        if (e.allocationNumber() < 1) {
            throw new PoisonRecordException("field 'allocationNumber' must be 1 or more");
        }
        return new Reading(referralId, Milestone.allocated(allocationId, e.allocationNumber(),
                time(e.allocatedAt(), "allocatedAt"), id(e.hubId(), "hubId"), e.pathway()));
    }

    static Reading visited(VisitRecorded e, String key) {
        UUID referralId = referralId(e.referralId(), key);
        String visitId = id(e.visitId(), "visitId");
        required(e.outcome(), "outcome");
        return new Reading(referralId, Milestone.visit(visitId, time(e.visitedAt(), "visitedAt"), id(e.hubId(), "hubId"),
                e.outcome()));
    }

    private static UUID referralId(String referralId, String key) {
        if (referralId == null) {
            throw new PoisonRecordException("field 'referralId' is missing");
        }
        UUID id;
        try {
            id = referralId.length() == 36 ? UUID.fromString(referralId) : null;
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (id == null) {
            throw new PoisonRecordException("field 'referralId' is not a UUID");
        }
        if (!referralId.equals(key)) {
            throw new PoisonRecordException("the record key is not the event's referralId");
        }
        return id;
    }

    private static String id(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
        if (value.length() > MAX_ID) {
            throw new PoisonRecordException("field '" + field + "' is longer than " + MAX_ID + " characters");
        }
        return value;
    }

    private static Instant time(Instant value, String field) {
        required(value, field);
        return value;
    }

    private static void required(Object value, String field) {
        if (value == null) {
            throw new PoisonRecordException("field '" + field + "' is missing");
        }
    }
}
