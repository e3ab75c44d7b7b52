package uk.nhs.homefirst.triage.messaging;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;
import uk.nhs.homefirst.triage.decision.Cancellation;
import uk.nhs.homefirst.triage.decision.NewReferral;

/**
 * Takes from the events of the referrals topic the operational facts triage needs, and leaves the
 * patient's identity behind. An event that lacks a fact triage cannot do without is poison: the
 * reason names the field, never its value.
 */
final class ReferralEventReader {

    /** The outward code of a UK postcode. Anything longer could be a full postcode, which must not be kept. */
    static final Pattern POSTCODE_DISTRICT = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?");

    private ReferralEventReader() {
    }

    static NewReferral received(ReferralReceived event, String key) {
        UUID referralId = referralId(event.referralId(), key, ReferralReceived.class);
        required(event.receivedAt(), "receivedAt", ReferralReceived.class);
        required(event.source(), "source", ReferralReceived.class);
        required(event.requestedUrgency(), "requestedUrgency", ReferralReceived.class);
        List<ClinicalNeed> needs = required(event.clinicalNeeds(), "clinicalNeeds", ReferralReceived.class);
        if (needs.stream().anyMatch(java.util.Objects::isNull)) {
            throw new PoisonRecordException("ReferralReceived field 'clinicalNeeds' has a null element");
        }
        ReferralReceived.Patient patient = required(event.patient(), "patient", ReferralReceived.class);
        String district = patient.postcodeDistrict();
        if (district != null && !POSTCODE_DISTRICT.matcher(district).matches()) {
            throw new PoisonRecordException("ReferralReceived field 'patient.postcodeDistrict' is not a postcode district");
        }
        return new NewReferral(referralId, event.receivedAt(), event.source(), event.requestedUrgency(), needs,
                district, patient.gpPracticeOdsCode());
    }

    static Cancellation cancelled(ReferralCancelled event, String key) {
        UUID referralId = referralId(event.referralId(), key, ReferralCancelled.class);
        required(event.cancelledAt(), "cancelledAt", ReferralCancelled.class);
        required(event.reason(), "reason", ReferralCancelled.class);
        return new Cancellation(referralId, event.cancelledAt(), event.reason());
    }

    private static UUID referralId(String value, String key, Class<?> type) {
        required(value, "referralId", type);
        UUID id;
        try {
            id = UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException(type.getSimpleName() + " field 'referralId' is not a UUID");
        }
        if (key != null && !key.equals(value)) {
            // Keyed by another id, the event may sit on another referral's partition, out of order.
            throw new PoisonRecordException("the record key is not the " + type.getSimpleName() + "'s referralId");
        }
        return id;
    }

    private static <T> T required(T value, String field, Class<?> type) {
        if (value == null) {
            throw new PoisonRecordException(type.getSimpleName() + " field '" + field + "' is missing");
        }
        return value;
    }
}
