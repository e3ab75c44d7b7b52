package uk.nhs.homefirst.monitor.topology;

import org.apache.kafka.common.header.Headers;
import uk.nhs.homefirst.events.DischargeDelayed;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.VisitCorrected;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.VisitVoided;
import uk.nhs.homefirst.events.read.EventReader;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;

/**
 * Where the monitor reads the platform's events: the platform's one reader judges the record
 * (CloudEvent headers, key = subject = referral id, a type of its topic, the data against its
 * schema), and this turns an event into the fact the clock rules need. Of ReferralReceived only the
 * referral id, receipt time, origin (hospital or community) and any awaited discharge's expected
 * date are kept: the monitor never holds patient data.
 */
final class IncomingEvents {

    /** A record read: the fact it states, or the reading that made it poison. */
    sealed interface Read {
    }

    record Stated(Reading.Event event, Fact fact) implements Read {
    }

    record Refused(Reading.Poison poison) implements Read {
    }

    /** An event of the contract the clock rules do not need: read, and passed over. */
    record PassedOver(Reading.Event event) implements Read {
    }

    private final EventReader reader = EventReader.contract();

    Read read(Reading.Origin origin, String key, Headers headers, byte[] value) {
        Reading reading = reader.read(origin, key, headers, value);
        if (reading instanceof Reading.Poison poison) {
            return new Refused(poison);
        }
        Reading.Event event = (Reading.Event) reading;
        return switch (event.type()) {
            case REFERRAL_RECEIVED -> {
                ReferralReceived r = event.data(ReferralReceived.class);
                yield new Stated(event, new Fact.Received(r.referralId(), r.receivedAt(),
                        r.source() == ReferralSource.ACUTE_HOSPITAL ? Origin.HOSPITAL_DISCHARGE : Origin.COMMUNITY,
                        r.discharge() != null, r.discharge() == null ? null : r.discharge().expectedDate()));
            }
            case PATIENT_DISCHARGED -> {
                PatientDischarged d = event.data(PatientDischarged.class);
                yield new Stated(event, new Fact.Discharged(d.referralId(), d.dischargedAt()));
            }
            case DISCHARGE_DELAYED -> {
                DischargeDelayed m = event.data(DischargeDelayed.class);
                yield new Stated(event, new Fact.DischargeDelayed(m.referralId(), m.changedAt(), m.expectedDischargeDate()));
            }
            case REFERRAL_CANCELLED -> {
                ReferralCancelled c = event.data(ReferralCancelled.class);
                yield new Stated(event, new Fact.Cancelled(c.referralId(), c.cancelledAt()));
            }
            case REFERRAL_TRIAGED -> {
                ReferralTriaged d = event.data(ReferralTriaged.class);
                yield new Stated(event, new Fact.Decided(d.referralId(), d.decisionNumber(), d.decidedAt(), d.receivedAt(),
                        d.standard(), d.pathway()));
            }
            case REFERRAL_ALLOCATED -> {
                ReferralAllocated a = event.data(ReferralAllocated.class);
                yield new Stated(event, new Fact.Allocated(a.referralId(), a.allocationNumber(), a.allocatedAt(), a.hubId(),
                        a.method()));
            }
            case EPISODE_CLOSED -> {
                EpisodeClosed c = event.data(EpisodeClosed.class);
                yield new Stated(event, new Fact.EpisodeClosed(c.referralId(), c.closedAt()));
            }
            case VISIT_RECORDED -> {
                VisitRecorded v = event.data(VisitRecorded.class);
                yield new Stated(event, new Fact.Visited(v.referralId(), v.visitId(), v.visitedAt(), v.outcome(),
                        v.contactTypeOrInPerson(), 0));
            }
            case VISIT_CORRECTED -> {
                VisitCorrected c = event.data(VisitCorrected.class);
                yield new Stated(event, new Fact.Visited(c.referralId(), c.visitId(), c.visitedAt(), c.outcome(),
                        c.contactType(), c.revision()));
            }
            case VISIT_VOIDED -> {
                VisitVoided x = event.data(VisitVoided.class);
                yield new Stated(event, new Fact.VisitVoided(x.referralId(), x.visitId(), x.revision(), x.voidedAt()));
            }
            // A hub sending a referral back changes no clock: the clock counts for the hub holding the referral
            // until the LDU's next decision or placement (a new ReferralAllocated).
            case REFERRAL_SENT_BACK -> new PassedOver(event);
            // The reader gives only types that travel on the record's topic: none of target-alerts reach here.
            default -> new Refused(event.poison("the target monitor does not read " + event.type().eventName()));
        };
    }
}
