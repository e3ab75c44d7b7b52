package uk.nhs.homefirst.referral.subscription;

import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Subscription;

/** A stored subscription as the FHIR R4 Subscription its organisation reads back. */
final class SubscriptionView {

    private SubscriptionView() {
    }

    static Subscription of(StoredSubscription stored) {
        Subscription subscription = new Subscription();
        subscription.setId(stored.id.toString());
        subscription.setStatus(Subscription.SubscriptionStatus.fromCode(stored.status));
        subscription.setCriteria(stored.criteria);
        subscription.setReason(stored.reason);
        subscription.setError(stored.error);
        if (stored.endAt != null) {
            subscription.setEndElement(new InstantType(stored.endAt.toString()));
        }
        Subscription.SubscriptionChannelComponent channel = subscription.getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(stored.endpoint);
        if (stored.payload) {
            channel.setPayload("application/fhir+json");
        }
        // The headers are the referrer's credentials: named, their values never given back.
        for (String header : stored.headers) {
            channel.addHeader(header.substring(0, header.indexOf(':')) + ": ***");
        }
        return subscription;
    }
}
