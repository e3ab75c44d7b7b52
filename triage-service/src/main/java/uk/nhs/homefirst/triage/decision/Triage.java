package uk.nhs.homefirst.triage.decision;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.BedType;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.platform.security.Roles;
import uk.nhs.homefirst.triage.access.TriageAccess;
import uk.nhs.homefirst.triage.config.TriageConfig;
import uk.nhs.homefirst.triage.review.ReviewReason;
import uk.nhs.homefirst.triage.routing.LduOpeningHours;
import uk.nhs.homefirst.triage.routing.LduRoutes;
import uk.nhs.homefirst.triage.rules.PathwayStandards;
import uk.nhs.homefirst.triage.rules.RuleBook;
import uk.nhs.homefirst.triage.rules.RuleRow;
import uk.nhs.homefirst.triage.rules.TriageRules;
import uk.nhs.homefirst.triage.store.EarlyCancellation;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.store.TriageDecision;

/**
 * The Locality Decision Unit's casework: opens a case for each referral and triages it by the rules,
 * records cancellations, and stores clinicians' re-triage. Each decision is stored and announced as
 * ReferralTriaged in one transaction. Logs name referrals by id only.
 */
@ApplicationScoped
public class Triage {

    private static final Logger LOG = Logger.getLogger(Triage.class);

    /** What receiving a referral did. */
    public enum Received {
        /** A case was opened with decision 1. */
        TRIAGED,
        /** Its cancellation had arrived first: the case was opened as cancelled, with no decision. */
        OPENED_CANCELLED,
        /** The referral already had a case; nothing changed. */
        ALREADY_KNOWN
    }

    /** What receiving a cancellation did. */
    public enum Cancelled {
        CANCELLED,
        /** The case was already cancelled; the first cancellation stands. */
        ALREADY_CANCELLED,
        /** The referral has not arrived yet; the cancellation is kept for it. */
        KEPT_FOR_LATER
    }

    private final Outbox outbox;
    private final Clock clock;
    private final PathwayStandards standards;
    private final MeterRegistry meters;
    private final LduRoutes routes;
    private final LduOpeningHours hours;

    private final TriageConfig config;
    private final RuleBook ruleBook;

    Triage(Outbox outbox, Clock clock, PathwayStandards standards, MeterRegistry meters, LduRoutes routes,
            LduOpeningHours hours, TriageConfig config, RuleBook ruleBook) {
        this.config = config;
        this.ruleBook = ruleBook;
        this.hours = hours;
        this.outbox = outbox;
        this.clock = clock;
        this.standards = standards;
        this.meters = meters;
        this.routes = routes;
    }

    /**
     * The cases and early cancellations of some referrals, read in two statements (the cases locked)
     * for a batch of events about them, and kept up to date as the batch applies them.
     */
    public static final class Known {
        private final Map<UUID, TriageCase> cases = new HashMap<>();
        private final Map<UUID, EarlyCancellation> early = new HashMap<>();
        private final Set<UUID> ids;
        /** The rule table in effect when the batch was read: the batch's new referrals are decided by it. */
        private final RuleBook.InEffect rules;

        private Known(Collection<UUID> ids, RuleBook.InEffect rules) {
            this.ids = new HashSet<>(ids);
            this.rules = rules;
            TriageCase.lockedInOrder(ids).forEach(c -> cases.put(c.referralId, c));
            EarlyCancellation.of(ids).forEach(e -> early.put(e.referralId, e));
        }

        private void check(UUID id) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("Referral " + id + " was not read with its batch");
            }
        }
    }

    /** Reads what {@link #receive(NewReferral, Known)} and {@link #cancel(Cancellation, Known)} need about these referrals. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Known known(Collection<UUID> referralIds) {
        return new Known(referralIds, ruleBook.inEffectAt(now()));
    }

    @Transactional
    public Received receive(NewReferral referral) {
        return receive(referral, known(Set.of(referral.referralId())));
    }

    /** Receives a referral in the caller's transaction, {@code known} having been read in it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Received receive(NewReferral referral, Known known) {
        UUID id = referral.referralId();
        known.check(id);
        if (known.cases.containsKey(id)) {
            LOG.infof("Referral %s already has a triage case; the repeated ReferralReceived changes nothing", id);
            return Received.ALREADY_KNOWN;
        }
        Instant now = now();
        TriageCase triageCase = new TriageCase();
        triageCase.referralId = id;
        triageCase.receivedAt = referral.receivedAt();
        triageCase.source = referral.source();
        triageCase.requestedUrgency = referral.requestedUrgency();
        triageCase.clinicalNeeds = referral.clinicalNeeds().stream().map(ClinicalNeed::name).toArray(String[]::new);
        triageCase.postcodeDistrict = referral.postcodeDistrict();
        triageCase.gpPracticeOdsCode = referral.gpPracticeOdsCode();
        triageCase.dischargePathway = referral.dischargePathway();
        triageCase.recordedAt = now;
        triageCase.ldu = routes.route(referral.postcodeDistrict()).orElse(null);
        triageCase.outOfHours = hours.outOfHours(triageCase.ldu, triageCase.receivedAt);
        if (triageCase.ldu == null) {
            LOG.infof("Referral %s: no LDU route covers its postcode district; admin routes it by a decision", id);
        }

        EarlyCancellation early = known.early.remove(id);
        known.cases.put(id, triageCase);
        if (early != null) {
            triageCase.cancelledAt = early.cancelledAt;
            triageCase.cancellationReason = early.reason;
            triageCase.persist();
            early.delete();
            LOG.infof("Referral %s arrived after its cancellation; its case is closed without a decision", id);
            return Received.OPENED_CANCELLED;
        }
        triageCase.persist();

        RuleRow match = known.rules.table().decide(TriageRules.Facts.of(referral.requestedUrgency(),
                referral.clinicalNeeds(), referral.dischargePathway()));
        // The services' clocks may differ slightly: a decision is never dated before its referral.
        Instant decidedAt = now.isBefore(triageCase.receivedAt) ? triageCase.receivedAt : now;
        record(triageCase, match.pathway(), TriageRules.DECIDED_BY, match.code(), decidedAt, now, triageCase.ldu,
                known.rules.version(), match.confirm(), null, null);
        if (referral.clinicalNeeds().isEmpty()) {
            // The rules saw only the urgency: the decision stands (a crisis is answered) until a clinician reads the reason.
            requestReview(triageCase, ReviewReason.UNCODED_NEEDS, TriageRules.DECIDED_BY, null, now);
        }
        return Received.TRIAGED;
    }

    @Transactional
    public Cancelled cancel(Cancellation cancellation) {
        return cancel(cancellation, known(Set.of(cancellation.referralId())));
    }

    /** Receives a cancellation in the caller's transaction, {@code known} having been read in it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Cancelled cancel(Cancellation cancellation, Known known) {
        UUID id = cancellation.referralId();
        known.check(id);
        TriageCase triageCase = known.cases.get(id);
        if (triageCase == null) {
            if (known.early.containsKey(id)) {
                LOG.infof("Referral %s was already cancelled before it arrived; the first cancellation stands", id);
                return Cancelled.ALREADY_CANCELLED;
            }
            EarlyCancellation early = new EarlyCancellation();
            early.referralId = id;
            early.cancelledAt = cancellation.cancelledAt();
            early.reason = cancellation.reason();
            early.recordedAt = now();
            early.persist();
            known.early.put(id, early);
            LOG.infof("Referral %s was cancelled before it arrived; the cancellation is kept for it", id);
            return Cancelled.KEPT_FOR_LATER;
        }
        if (triageCase.isCancelled()) {
            LOG.infof("Referral %s was already cancelled; the first cancellation stands", id);
            return Cancelled.ALREADY_CANCELLED;
        }
        triageCase.cancelledAt = cancellation.cancelledAt();
        triageCase.cancellationReason = cancellation.reason();
        LOG.infof("Referral %s cancelled (%s); it leaves the triage queue", id, cancellation.reason());
        return Cancelled.CANCELLED;
    }

    /** What a hub's send-back did. */
    public enum HubSentBack {
        /** The case is on its LDU's review queue, HUB_SENT_BACK. */
        QUEUED,
        /** A decision was recorded after the hub sent it back: the LDU has acted already, nothing to review. */
        DECIDED_SINCE,
        /** The referral was cancelled: nobody reviews it. */
        CANCELLED
    }

    /**
     * A hub sent the referral back (ReferralSentBack, on allocations), its allocation released: the case goes on
     * its LDU's review queue with the hub, who and the reason code, until the next decision. By business times,
     * not arrival: a decision recorded after the send-back has answered it. Applied once per event id (the inbox).
     *
     * @return empty when triage has no case for the referral: the consumer dead-letters the record
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<HubSentBack> hubSentBack(HubSendBack sendBack, Known known) {
        UUID id = sendBack.referralId();
        known.check(id);
        TriageCase triageCase = known.cases.get(id);
        if (triageCase == null) {
            return Optional.empty();
        }
        if (triageCase.isCancelled()) {
            LOG.infof("Referral %s was sent back by hub %s after its cancellation; nothing to review", id,
                    sendBack.hubId());
            return Optional.of(HubSentBack.CANCELLED);
        }
        Optional<TriageDecision> current = TriageDecision.current(triageCase);
        if (current.isPresent() && current.get().recordedAt.isAfter(sendBack.sentBackAt())) {
            LOG.infof("Referral %s was sent back by hub %s at %s, and decided since; nothing to review", id,
                    sendBack.hubId(), sendBack.sentBackAt());
            return Optional.of(HubSentBack.DECIDED_SINCE);
        }
        requestReview(triageCase, ReviewReason.HUB_SENT_BACK, sendBack.sentBackBy(), sendBack.reasonCode(),
                sendBack.sentBackAt());
        triageCase.reviewHubId = sendBack.hubId();
        LOG.infof("Referral %s sent back by hub %s (%s); on LDU %s's review queue", id, sendBack.hubId(),
                sendBack.reasonCode(), triageCase.ldu);
        return Optional.of(HubSentBack.QUEUED);
    }

    /**
     * Stores a clinician's decision as the next version and announces it. A decision may route the
     * referral to another LDU; it stays with its LDU otherwise.
     *
     * @throws ProblemException 404 for an unknown referral, 403 for one the caller may not decide on
     *                          (another LDU's), 409 for a cancelled one
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming each invalid field
     */
    @Transactional
    public TriageDecision decide(UUID referralId, DecisionRequest request, Caller caller) {
        TriageCase triageCase = TriageCase.lockedForDecision(referralId)
                .orElseThrow(() -> notFound(referralId.toString()));
        // Checked on the locked case, so that a decision routing it elsewhere cannot slip in between.
        TriageAccess.caseOf(caller, triageCase.ldu);
        Instant now = now();
        DecisionValidator.Result result = DecisionValidator.validate(request, caller.subject(), triageCase.receivedAt, now,
                routes.ldus());
        result.violations().throwIfAny();
        if (triageCase.isCancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled at " + triageCase.cancelledAt
                    + "; a cancelled referral cannot be triaged.");
        }
        refuseIfClaimedByAnother(triageCase, caller, now, "decide");
        ClinicianDecision decision = result.decision().orElseThrow();
        String ldu = decision.ldu().orElse(triageCase.ldu);
        String from = triageCase.ldu;
        boolean passedOn = !Objects.equals(ldu, from);
        TriageDecision stored = record(triageCase, decision.pathway(), decision.decidedBy(), decision.reason(),
                decision.decidedAt(), now, ldu, null, false, decision.bedType(), decision.bedArrangedAt());
        // Decided: the claim ends and the case leaves the queue, unless it now waits for the LDU it was passed to.
        triageCase.endClaim();
        if (passedOn) {
            LOG.infof("Referral %s routed from LDU %s to LDU %s by a decision", referralId, from, ldu);
            requestReview(triageCase, ReviewReason.PASSED_ON, decision.decidedBy(), decision.reason(), now);
        } else {
            clearReview(triageCase);
        }
        return stored;
    }

    /**
     * A clinician claims a case, so that nobody else decides it until they decide, release it or the
     * claim expires ({@code homefirst.triage.claim-duration}). The holder claiming again extends it.
     * Two claims at once queue on the case's row lock: the second sees the first and is refused.
     *
     * @throws ProblemException 404, 403 (another LDU's case), 409 (cancelled, or held by someone else)
     */
    @Transactional
    public TriageCase claim(UUID referralId, Caller caller) {
        TriageCase triageCase = lockedCaseFor(referralId, caller);
        if (triageCase.isCancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled at " + triageCase.cancelledAt
                    + "; a cancelled referral cannot be claimed.");
        }
        Instant now = now();
        refuseIfClaimedByAnother(triageCase, caller, now, "claim");
        if (triageCase.liveClaimHolder(now).isEmpty()) {
            triageCase.claimedAt = now;
        }
        triageCase.claimedBy = caller.subject();
        triageCase.claimExpiresAt = now.plus(config.claimDuration());
        LOG.infof("Referral %s claimed until %s", referralId, triageCase.claimExpiresAt);
        return triageCase;
    }

    /**
     * Ends a claim: its holder's or, for admin, anyone's. Releasing a case nobody holds changes nothing.
     *
     * @throws ProblemException 404, 403 (another LDU's case), 409 (a clinician releasing another's claim)
     */
    @Transactional
    public void release(UUID referralId, Caller caller) {
        TriageCase triageCase = lockedCaseFor(referralId, caller);
        if (!caller.is(Roles.ADMIN)) {
            refuseIfClaimedByAnother(triageCase, caller, now(), "release");
        }
        triageCase.endClaim();
    }

    /**
     * A clinician sends a case back to the queue for review, with a reason code: it stays with its
     * current decision, and its claim ends so that a colleague can take it.
     *
     * @throws ProblemException 404, 403, 409 (cancelled, or claimed by someone else)
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming {@code reason}
     */
    @Transactional
    public TriageCase sendBack(UUID referralId, SendBackRequest request, Caller caller) {
        TriageCase triageCase = lockedCaseFor(referralId, caller);
        Violations violations = new Violations();
        String reason = request == null ? null : request.reason();
        violations.check(reason != null && DecisionValidator.REASON_CODE.matcher(reason).matches(), "reason",
                "is required: a code of 2 to 64 capital letters, digits and underscores, such as MORE_INFORMATION_NEEDED");
        violations.throwIfAny();
        if (triageCase.isCancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled at " + triageCase.cancelledAt
                    + "; a cancelled referral cannot be sent back.");
        }
        Instant now = now();
        refuseIfClaimedByAnother(triageCase, caller, now, "send back");
        triageCase.endClaim();
        requestReview(triageCase, ReviewReason.SENT_BACK, caller.subject(), reason, now);
        LOG.infof("Referral %s sent back for review (%s)", referralId, reason);
        return triageCase;
    }

    /** The rule code of a decision that records the bed arranged for the decision before it. */
    public static final String BED_ARRANGED = "BED_ARRANGED";

    /**
     * Records the bed arranged for a BED_BASED referral, possibly long after its decision: the next decision,
     * same pathway and LDU, rule {@code BED_ARRANGED}, by the caller, with the bed type (kept when left out)
     * and when it was arranged. Decisions are never changed, and consumers hear it as any decision. The same
     * arrangement again changes nothing; the review the case is on stays (the bed type then chosen ends
     * BED_TYPE_NEEDED).
     *
     * @return the decision now current: the new one, or the one that already said so
     * @throws ProblemException 404, 403 (another LDU's case), 409 (cancelled, not BED_BASED now, or claimed by another)
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming {@code bedType} or {@code arrangedAt}
     */
    @Transactional
    public TriageDecision arrangeBed(UUID referralId, BedArrangementRequest request, Caller caller) {
        TriageCase triageCase = lockedCaseFor(referralId, caller);
        Instant now = now();
        TriageDecision current = TriageDecision.current(triageCase).orElse(null);
        DecisionValidator.ArrangementResult result = DecisionValidator.validateArrangement(request, caller.subject(),
                triageCase.receivedAt, now, current == null ? null : current.bedType);
        result.violations().throwIfAny();
        if (triageCase.isCancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled at " + triageCase.cancelledAt
                    + "; a cancelled referral has no bed to arrange.");
        }
        if (current == null || current.pathway != Pathway.BED_BASED) {
            throw ProblemException.conflict("Referral " + referralId + " is on "
                    + (current == null ? "no pathway yet" : current.pathway.name())
                    + ", not BED_BASED: a bed is arranged only for a bed-based decision. Re-triage it to BED_BASED, "
                    + "with its bed type, first.");
        }
        refuseIfClaimedByAnother(triageCase, caller, now, "arrange a bed for");
        DecisionValidator.BedArrangement arrangement = result.arrangement().orElseThrow();
        if (arrangement.bedType() == current.bedType && arrangement.arrangedAt().equals(current.bedArrangedAt)) {
            return current;
        }
        TriageDecision stored = record(triageCase, Pathway.BED_BASED, arrangement.recordedBy(),
                BED_ARRANGED, now, now, triageCase.ldu, null, false, arrangement.bedType(), arrangement.arrangedAt());
        LOG.infof("Referral %s: bed arranged (%s)", referralId, arrangement.bedType());
        return stored;
    }

    private TriageCase lockedCaseFor(UUID referralId, Caller caller) {
        TriageCase triageCase = TriageCase.lockedForDecision(referralId)
                .orElseThrow(() -> notFound(referralId.toString()));
        TriageAccess.caseOf(caller, triageCase.ldu);
        return triageCase;
    }

    /** 409 naming the live claim of someone other than the caller. */
    private static void refuseIfClaimedByAnother(TriageCase triageCase, Caller caller, Instant now, String action) {
        triageCase.liveClaimHolder(now).filter(holder -> !holder.equals(caller.subject())).ifPresent(holder -> {
            throw ProblemException.conflict("Referral " + triageCase.referralId + " is claimed by " + holder
                    + " (claimed at " + triageCase.claimedAt + ", until " + triageCase.claimExpiresAt + "): only they can "
                    + action + " it until they decide it or release it, or the claim expires.");
        });
    }

    private static void requestReview(TriageCase triageCase, ReviewReason cause, String by, String reason, Instant now) {
        triageCase.reviewCause = cause.name();
        triageCase.reviewRequestedAt = now;
        triageCase.reviewRequestedBy = by;
        triageCase.reviewReason = reason;
        triageCase.reviewHubId = null;
    }

    private static void clearReview(TriageCase triageCase) {
        triageCase.reviewCause = null;
        triageCase.reviewRequestedAt = null;
        triageCase.reviewRequestedBy = null;
        triageCase.reviewReason = null;
        triageCase.reviewHubId = null;
    }

    /** PostgreSQL keeps microseconds: what is announced is what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static ProblemException notFound(String referralId) {
        return ProblemException.notFound("There is no triage case for referral " + referralId + ".");
    }

    private TriageDecision record(TriageCase triageCase, Pathway pathway, String decidedBy, String rule,
            Instant decidedAt, Instant now, String ldu, Integer ruleVersion, boolean toConfirm, BedType bedType,
            Instant bedArrangedAt) {
        TriageDecision decision = new TriageDecision();
        decision.decisionId = UUID.randomUUID();
        decision.referralId = triageCase.referralId;
        decision.decisionNumber = triageCase.decisionCount + 1;
        decision.decidedAt = decidedAt;
        decision.recordedAt = now;
        decision.pathway = pathway;
        decision.standard = standards.standardOf(pathway).orElse(null);
        decision.decidedBy = decidedBy;
        decision.rule = rule;
        decision.ldu = ldu;
        decision.ruleVersion = ruleVersion;
        decision.toConfirm = toConfirm;
        decision.bedType = bedType;
        decision.bedArrangedAt = bedArrangedAt;
        TriageDecision.current(triageCase).ifPresent(replaced -> {
            decision.replacesDecision = replaced.decisionNumber;
            decision.replacesRule = replaced.rule;
            decision.replacesRuleVersion = replaced.ruleVersion;
        });
        decision.persist();
        triageCase.decisionCount = decision.decisionNumber;
        triageCase.ldu = ldu;

        outbox.append(Topics.ASSESSMENTS, triageCase.referralId.toString(), ReferralTriaged.TYPE, decidedAt,
                TriageEvents.triaged(triageCase, decision));
        meters.counter("homefirst.triage.decisions", "pathway", pathway.name(),
                "by", TriageRules.DECIDED_BY.equals(decidedBy) ? "rules" : "clinician").increment();
        LOG.infof("Referral %s decision %d: %s (%s) by %s", triageCase.referralId, decision.decisionNumber, pathway,
                rule, TriageRules.DECIDED_BY.equals(decidedBy) ? "the rules" : "a clinician");
        return decision;
    }
}
