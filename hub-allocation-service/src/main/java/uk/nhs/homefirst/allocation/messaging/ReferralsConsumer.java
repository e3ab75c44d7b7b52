package uk.nhs.homefirst.allocation.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.inbox.Inbox;

/**
 * Reads the referrals topic for cancellations, which take a referral off its hub's caseload, and
 * hospital discharges (the day a reablement episode's 91-day follow-up counts from), through
 * the platform's {@link Inbox}. Every record is judged by the contract's reader, as every other
 * consumer of the topic judges it, so an unreadable ReferralReceived is dead-lettered here too; a
 * readable one is passed over, since triage tells this service all it needs about a new referral
 * without patient data. Nothing of a record's content is logged or kept but a cancellation's id,
 * time and reason code, and a discharge's time.
 */
@ApplicationScoped
public class ReferralsConsumer {

    private static final Set<EventType> APPLIED = Set.of(EventType.REFERRAL_CANCELLED, EventType.PATIENT_DISCHARGED);

    private final ReferralCases cases;
    private final Inbox inbox;

    ReferralsConsumer(ReferralCases cases, Inbox inbox) {
        this.cases = cases;
        this.inbox = inbox;
    }

    @Incoming("referrals")
    @Blocking
    public void onReferrals(ConsumerRecords<String, String> records) {
        inbox.apply(AllocationConfig.CONSUMER, records, APPLIED, new Inbox.Handler() {
            @Override
            public void prepare(List<Reading.Event> events) {
                // The batch's referrals locked in the order the assessments consumer locks its own: no deadlock.
                cases.lock(events.stream().map(event -> UUID.fromString(event.key())).toList());
            }

            @Override
            public void apply(Reading.Event event) {
                if (event.type() == EventType.PATIENT_DISCHARGED) {
                    cases.discharged(event.data(PatientDischarged.class));
                } else {
                    cases.cancel(event.data(ReferralCancelled.class));
                }
            }
        });
    }
}
