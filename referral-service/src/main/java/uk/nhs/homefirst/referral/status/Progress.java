package uk.nhs.homefirst.referral.status;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * Where a referral stands, from its milestones alone, whatever order they arrived in and however
 * often: the same milestones always give the same status and the same timeline.
 *
 * <p>The status is the furthest stage the referral reached, in this precedence:
 * <ol>
 * <li>CANCELLED or CLOSED, whichever came first by business time (CANCELLED at the same instant): the referrer
 * withdrew it, or hub staff closed its episode with an outcome. Either is final for the referrer, even after
 * a visit; a closed referral's pathway and hub are those it was closed on, whatever decision or allocation
 * arrives after. A visit arriving after the closure is still in the timeline, and a first visit still shows.
 * A referral's episode closes once: of two closures, the first stands.</li>
 * <li>SENT_BACK: the hub holding it sent it back to its LDU ({@link #standingSendBack}): no hub holds it,
 * whatever visit came before, until the LDU allocates it again (an allocation of a higher number). A decline
 * the LDU makes after taking it back shows as DECLINED.</li>
 * <li>VISITED: a visit that saw the patient ({@link #firstVisit}). A patient not at home, a declined
 * or a cancelled visit, a telephone or video contact, and a voided visit do not count.</li>
 * <li>DECLINED: the decision that stands (the highest decision number) is NOT_ACCEPTED, even after an
 * allocation: the referrer must act on it. A later decision for a pathway ends it.</li>
 * <li>ALLOCATED: a hub took it.</li>
 * <li>TRIAGED: the Locality Decision Unit put it on a pathway.</li>
 * <li>RECEIVED: accepted, nothing since.</li>
 * </ol>
 * A stage is not undone by a later one of a lower stage: a re-triage after the allocation leaves the
 * referral ALLOCATED, and shows in the timeline.
 */
public final class Progress {

    /** Business time first; at the same instant, the earlier stage first; then by number and key, to be stable. */
    static final Comparator<Milestone> TIMELINE_ORDER = Comparator.comparing(Milestone::at)
            .thenComparing(Milestone::kind)
            .thenComparing(m -> m.number() == null ? 0 : m.number())
            .thenComparing(m -> m.key() == null ? "" : m.key());

    private Progress() {
    }

    public static ReferralStatus status(List<Milestone> milestones) {
        Optional<Milestone> cancellation = first(milestones, Milestone.Kind.CANCELLED);
        Optional<Milestone> closure = closure(milestones);
        if (cancellation.isPresent()
                && (closure.isEmpty() || !closure.get().at().isBefore(cancellation.get().at()))) {
            return ReferralStatus.CANCELLED;
        }
        if (closure.isPresent()) {
            return ReferralStatus.CLOSED;
        }
        Optional<Milestone> sentBack = standingSendBack(milestones);
        if (sentBack.isPresent()) {
            boolean declinedSince = currentDecision(milestones).filter(m -> m.pathway() == Pathway.NOT_ACCEPTED
                    && !m.at().isBefore(sentBack.get().at())).isPresent();
            return declinedSince ? ReferralStatus.DECLINED : ReferralStatus.SENT_BACK;
        }
        if (firstVisit(milestones).isPresent()) {
            return ReferralStatus.VISITED;
        }
        if (currentDecision(milestones).filter(m -> m.pathway() == Pathway.NOT_ACCEPTED).isPresent()) {
            return ReferralStatus.DECLINED;
        }
        if (has(milestones, Milestone.Kind.ALLOCATED)) {
            return ReferralStatus.ALLOCATED;
        }
        if (has(milestones, Milestone.Kind.TRIAGED)) {
            return ReferralStatus.TRIAGED;
        }
        return ReferralStatus.RECEIVED;
    }

    /** The milestones in the order they happened. */
    public static List<Milestone> timeline(List<Milestone> milestones) {
        return milestones.stream().sorted(TIMELINE_ORDER).toList();
    }

    /**
     * The first visit that saw the patient, by business time: of each visit its highest revision
     * (a correction or a void replaces what came before, whatever order they arrived in), attended, in
     * person (a visit recorded before contact types were is in person); a voided visit does not count.
     */
    public static Optional<Milestone> firstVisit(List<Milestone> milestones) {
        Map<String, Milestone> standing = new HashMap<>();
        for (Milestone m : milestones) {
            if (m.kind() == Milestone.Kind.VISIT) {
                standing.merge(m.visitId(), m, (a, b) -> revision(b) > revision(a) ? b : a);
            }
        }
        return standing.values().stream()
                .filter(m -> m.outcome() == VisitOutcome.ATTENDED && !Milestone.VOIDED.equals(m.code())
                        && (m.code() == null || m.code().equals(ContactType.IN_PERSON.name())))
                .min(TIMELINE_ORDER);
    }

    private static int revision(Milestone visit) {
        return visit.number() == null ? 0 : visit.number();
    }

    /**
     * All the referrer is told of where the referral stands: the status, the pathway of the decision
     * that stands, the hub holding it, the coded reason of a decline or cancellation, the first visit.
     */
    public static StatusSummary summary(List<Milestone> milestones) {
        ReferralStatus status = status(milestones);
        Optional<Milestone> decision = currentDecision(milestones);
        Instant firstVisitAt = firstVisit(milestones).map(Milestone::at).orElse(null);
        if (status == ReferralStatus.CLOSED) {
            Milestone closure = closure(milestones).orElseThrow();
            return new StatusSummary(status, closure.pathway(), closure.hubId(), closure.code(), firstVisitAt,
                    closure.date());
        }
        Optional<Milestone> sentBack = standingSendBack(milestones);
        String reason = switch (status) {
            case SENT_BACK -> sentBack.map(Milestone::code).orElse(null);
            case DECLINED -> decision.map(Milestone::code).orElse(null);
            case CANCELLED -> milestones.stream().filter(m -> m.kind() == Milestone.Kind.CANCELLED && m.reason() != null)
                    .map(m -> m.reason().name()).findFirst().orElse(null);
            default -> null;
        };
        // Sent back: the hub let go, and none holds it until the LDU allocates it again.
        String hubId = sentBack.isPresent() ? null : currentAllocation(milestones).map(Milestone::hubId).orElse(null);
        return new StatusSummary(status, decision.map(Milestone::pathway).orElse(null), hubId, reason, firstVisitAt);
    }

    /**
     * The send-back that released the allocation that stands, if any: one of that allocation's number or
     * a higher one (a send-back arriving before its allocation still releases it), the latest by number.
     */
    public static Optional<Milestone> standingSendBack(List<Milestone> milestones) {
        int allocation = currentAllocation(milestones).map(m -> m.number() == null ? 0 : m.number()).orElse(0);
        return milestones.stream().filter(m -> m.kind() == Milestone.Kind.SENT_BACK && m.number() >= allocation)
                .max(Comparator.comparing(Milestone::number).thenComparing(Milestone::at));
    }

    /** The closure of the referral's episode: the first, should there ever be two. */
    public static Optional<Milestone> closure(List<Milestone> milestones) {
        return first(milestones, Milestone.Kind.CLOSED);
    }

    private static Optional<Milestone> first(List<Milestone> milestones, Milestone.Kind kind) {
        return milestones.stream().filter(m -> m.kind() == kind).min(TIMELINE_ORDER);
    }

    /** The decision that stands: the one with the highest decision number. */
    public static Optional<Milestone> currentDecision(List<Milestone> milestones) {
        return latest(milestones, Milestone.Kind.TRIAGED);
    }

    /** The allocation that stands: the one with the highest allocation number. */
    public static Optional<Milestone> currentAllocation(List<Milestone> milestones) {
        return latest(milestones, Milestone.Kind.ALLOCATED);
    }

    private static Optional<Milestone> latest(List<Milestone> milestones, Milestone.Kind kind) {
        return milestones.stream().filter(m -> m.kind() == kind)
                .max(Comparator.comparing((Milestone m) -> m.number() == null ? 0 : m.number())
                        .thenComparing(Milestone::at));
    }

    private static boolean has(List<Milestone> milestones, Milestone.Kind kind) {
        return milestones.stream().anyMatch(m -> m.kind() == kind);
    }
}
