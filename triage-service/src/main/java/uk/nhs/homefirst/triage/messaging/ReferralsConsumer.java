package uk.nhs.homefirst.triage.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.inbox.Inbox;
import uk.nhs.homefirst.triage.decision.Cancellation;
import uk.nhs.homefirst.triage.decision.NewReferral;
import uk.nhs.homefirst.triage.decision.Triage;

/**
 * Reads the referrals topic, a batch per poll, through the platform's {@link Inbox}: each event is
 * read with the contract's reader and applied once, the batch in one transaction; a record that
 * cannot be read goes to {@code referrals.dlq} as a pointer to itself, and a database fault is
 * waited out, however long. Records on this topic carry patient data: triage takes the operational
 * facts and leaves the patient's identity behind, and nothing of a record's content is logged.
 */
@ApplicationScoped
public class ReferralsConsumer {

    static final String CONSUMER = "triage-service";
    private static final Set<EventType> APPLIED = Set.of(EventType.REFERRAL_RECEIVED, EventType.REFERRAL_CANCELLED);

    private final Triage triage;
    private final Inbox inbox;

    ReferralsConsumer(Triage triage, Inbox inbox) {
        this.triage = triage;
        this.inbox = inbox;
    }

    @Incoming("referrals")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        inbox.apply(CONSUMER, records, APPLIED, new Inbox.Handler() {
            private Triage.Known known;

            @Override
            public void prepare(List<Reading.Event> events) {
                // The batch's cases and early cancellations in two statements, not two a referral.
                known = triage.known(events.stream().map(event -> UUID.fromString(event.key())).toList());
            }

            @Override
            public void apply(Reading.Event event) {
                if (event.type() == EventType.REFERRAL_RECEIVED) {
                    triage.receive(newReferral(event.data(ReferralReceived.class)), known);
                } else {
                    triage.cancel(cancellation(event.data(ReferralCancelled.class)), known);
                }
            }
        });
    }

    /** The facts triage decides on; the schema has made sure each is there and well-formed. */
    static NewReferral newReferral(ReferralReceived event) {
        ReferralReceived.Patient patient = event.patient();
        return new NewReferral(UUID.fromString(event.referralId()), event.receivedAt(), event.source(),
                event.requestedUrgency(), event.clinicalNeeds(), patient.postcodeDistrict(),
                patient.gpPracticeOdsCode(), event.discharge() == null ? null : event.discharge().pathway());
    }

    static Cancellation cancellation(ReferralCancelled event) {
        return new Cancellation(UUID.fromString(event.referralId()), event.cancelledAt(), event.reason());
    }
}
