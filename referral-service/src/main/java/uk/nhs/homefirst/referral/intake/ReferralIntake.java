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
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/** Stores a valid referral and announces it, in one transaction. */
@ApplicationScoped
public class ReferralIntake {

    private final Outbox outbox;
    private final Clock clock;
    private final IntakeConfig config;

    ReferralIntake(Outbox outbox, Clock clock, IntakeConfig config) {
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    @Transactional
    public Referral receive(ValidReferral valid) {
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
        referral.persist();
        outbox.append(Topics.REFERRALS, referral.id.toString(), ReferralReceived.TYPE, referral.recordedAt,
                ReferralEvents.received(referral));
        return referral;
    }
}
