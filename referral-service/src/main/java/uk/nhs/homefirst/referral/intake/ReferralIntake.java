package uk.nhs.homefirst.referral.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * Stores a valid referral and announces it, in one transaction. A referral that names its source
 * system and its id there is taken once: the same referral sent again is the referral stored the
 * first time, and announces nothing.
 */
@ApplicationScoped
public class ReferralIntake {

    /** What became of a referral handed in. */
    public enum Result {
        /** Stored and announced now. */
        CREATED,
        /** The same source system had sent this referral, with the same content, before: nothing new. */
        ALREADY_RECEIVED,
        /** The same source system had sent another referral under this id: refused. */
        CONFLICTING
    }

    /** The referral stored (the earlier one unless {@code CREATED}), and what became of the one handed in. */
    public record Outcome(Referral referral, Result result) {
    }

    private final Outbox outbox;
    private final Clock clock;
    private final IntakeConfig config;

    ReferralIntake(Outbox outbox, Clock clock, IntakeConfig config) {
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Stores and announces a valid referral, or returns the one already received from its source
     * system under its source referral id, telling which. A conflict (that source referral id used
     * for a referral of other content) is a result, not an exception: the caller answers it, with
     * {@link #conflictingSourceReference()} or otherwise. Only a CREATED referral is announced.
     */
    @Transactional
    public Outcome accept(ValidReferral valid) {
        String fingerprint = ContentFingerprint.of(valid);
        Instant now = clock.instant();
        ClockStart start = ClockStart.decide(valid.statedReceivedAt(), now, config.maxBackdating());
        Referral referral = new Referral();
        referral.id = UUID.randomUUID();
        referral.receivedAt = start.receivedAt();
        referral.recordedAt = start.recordedAt();
        referral.statedReceivedAt = start.statedReceivedAt();
        referral.source = valid.source();
        referral.sourceSystem = valid.sourceSystem();
        referral.sourceReferralId = valid.sourceReferralId();
        referral.requestedUrgency = valid.requestedUrgency();
        referral.clinicalNeeds = valid.clinicalNeeds().stream().map(ClinicalNeed::name).toArray(String[]::new);
        referral.reasonText = valid.reasonText();
        referral.snomedCode = valid.snomedCode();
        referral.nhsNumber = valid.nhsNumber();
        referral.givenName = valid.givenName();
        referral.familyName = valid.familyName();
        referral.dateOfBirth = valid.dateOfBirth();
        referral.postcode = valid.postcode().toString();
        referral.postcodeDistrict = valid.postcode().district();
        referral.gpPracticeOdsCode = valid.gpPracticeOdsCode();
        referral.phone = valid.phone();
        referral.referrerOdsCode = valid.referrerOdsCode();
        referral.referrerRole = valid.referrerRole();
        referral.referrerName = valid.referrerName();
        referral.status = ReferralStatus.RECEIVED;
        referral.contentFingerprint = fingerprint;
        if (!referral.insertUnlessSourceReferenceTaken()) {
            // The source system sent this reference before (perhaps a moment ago, on another instance).
            Referral earlier = Referral.bySourceReference(valid.sourceSystem(), valid.sourceReferralId())
                    .orElseThrow(() -> new IllegalStateException("a source reference in use but no referral under it"));
            boolean same = earlier.contentFingerprint == null || earlier.contentFingerprint.equals(fingerprint);
            return new Outcome(earlier, same ? Result.ALREADY_RECEIVED : Result.CONFLICTING);
        }
        outbox.append(Topics.REFERRALS, referral.id.toString(), ReferralReceived.TYPE, referral.recordedAt,
                ReferralEvents.received(referral));
        return new Outcome(referral, Result.CREATED);
    }

    public static ProblemException conflictingSourceReference() {
        return new ProblemException(409, "Source referral id in use",
                "This sourceSystem has already sent a different referral under this sourceReferralId. "
                        + "To change a referral, cancel it and refer again under a new sourceReferralId.");
    }
}
