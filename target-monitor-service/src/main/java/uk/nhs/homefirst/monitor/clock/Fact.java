package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;

/**
 * What the monitor knows of a referral, one event at a time: only business times and operational
 * facts, never patient data. Each fact has a natural key, so that the same fact delivered twice is
 * recognised.
 */
public sealed interface Fact {

    String referralId();

    /** When it happened, as the event says: the time the clock rules read. */
    Instant businessTime();

    /**
     * The referral was received; the first clock starts at {@code receivedAt}, or for a hospital
     * referral made before discharge ({@code awaitsDischarge}) at the confirmed discharge.
     *
     * @param expectedDischargeDate the date the hospital expected the discharge on at referral; may be null
     */
    record Received(String referralId, Instant receivedAt, Origin origin, boolean awaitsDischarge,
            LocalDate expectedDischargeDate) implements Fact {

        /** A community referral. */
        public Received(String referralId, Instant receivedAt) {
            this(referralId, receivedAt, Origin.COMMUNITY, false, null);
        }

        @Override
        public Instant businessTime() {
            return receivedAt;
        }
    }

    /** The hospital confirmed the patient's discharge: the referral's clocks start from it, never before. */
    record Discharged(String referralId, Instant dischargedAt) implements Fact {
        @Override
        public Instant businessTime() {
            return dischargedAt;
        }
    }

    /** The hospital moved the expected discharge date (postponed, or cancelled with no new date: null). */
    record DischargeDelayed(String referralId, Instant changedAt, LocalDate expectedDate) implements Fact {
        @Override
        public Instant businessTime() {
            return changedAt;
        }
    }

    /** A triage decision; {@code standard} is null when the pathway has none. */
    record Decided(String referralId, int decisionNumber, Instant decidedAt, Instant receivedAt,
            ResponseStandard standard, Pathway pathway) implements Fact {

        /** A decision whose pathway is not known: only its standard counts for the clocks. */
        public Decided(String referralId, int decisionNumber, Instant decidedAt, Instant receivedAt,
                ResponseStandard standard) {
            this(referralId, decisionNumber, decidedAt, receivedAt, standard, null);
        }

        @Override
        public Instant businessTime() {
            return decidedAt;
        }
    }

    /** A hub took the referral, automatically by postcode district or by a person's decision. */
    record Allocated(String referralId, int allocationNumber, Instant allocatedAt, String hubId,
            AllocationMethod method) implements Fact {
        @Override
        public Instant businessTime() {
            return allocatedAt;
        }
    }

    /**
     * Hub staff visited the patient: the visit as recorded (revision 0) or as a correction left it
     * (revision 1, 2, ...). Of a visit's facts the highest revision stands.
     *
     * @param contactType null in events sent before it was recorded, which were all in person
     */
    record Visited(String referralId, String visitId, Instant visitedAt, VisitOutcome outcome, ContactType contactType,
            int revision) implements Fact {

        /** A visit in person, as recorded. */
        public Visited(String referralId, String visitId, Instant visitedAt, VisitOutcome outcome) {
            this(referralId, visitId, visitedAt, outcome, ContactType.IN_PERSON, 0);
        }

        /** Whether it stops a clock: attended, in person. A telephone or video contact is not a visit at home. */
        public boolean stopsClock() {
            return outcome == VisitOutcome.ATTENDED && (contactType == null || contactType == ContactType.IN_PERSON);
        }

        @Override
        public Instant businessTime() {
            return visitedAt;
        }
    }

    /**
     * Hub staff voided a visit of this referral (or moved it to another referral) at revision
     * {@code revision}: unless a later revision of the visit puts it back, it counts no more.
     */
    record VisitVoided(String referralId, String visitId, int revision, Instant voidedAt) implements Fact {
        @Override
        public Instant businessTime() {
            return voidedAt;
        }
    }

    /**
     * Hub staff closed the referral's episode with an outcome, recorded at {@code closedAt}: its
     * open clocks are excluded then, as by a cancellation.
     */
    record EpisodeClosed(String referralId, Instant closedAt) implements Fact {
        @Override
        public Instant businessTime() {
            return closedAt;
        }
    }

    /** The referrer withdrew the referral. */
    record Cancelled(String referralId, Instant cancelledAt) implements Fact {
        @Override
        public Instant businessTime() {
            return cancelledAt;
        }
    }
}
