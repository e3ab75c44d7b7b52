package uk.nhs.homefirst.allocation.access;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.LduScope;
import uk.nhs.homefirst.platform.security.Roles;

/**
 * The hub allocation service's rows of the platform's access table, beyond the roles that the
 * resources' {@code @RolesAllowed} check: whose hubs, referrals and visits a caller of a role may
 * touch. Plain Java; each check refuses with a 403 problem naming the scope that was missing.
 */
public final class HubAccess {

    private HubAccess() {
    }

    /** An allocation of a referral: the hub that took it, from when. */
    public record Held(String hubId, Instant from) {
    }

    /** A hub's caseload: its staff; admin, who moves referrals between hubs. */
    public static void caseload(Caller caller, String hubId) {
        if (!caller.is(Roles.ADMIN) && !(caller.is(Roles.HUB_STAFF) && caller.worksAt(hubId))) {
            throw ProblemException.forbidden("Your access token does not let you see hub " + hubId
                    + "'s caseload (claim hubs): hub staff see their own hubs' caseloads.");
        }
    }

    /**
     * Where a referral stands with the hubs: the staff of any hub that held it (a late visit may
     * still be theirs), the clinicians of the LDU it is routed to, admin.
     */
    public static void allocation(Caller caller, Optional<String> ldu, Collection<String> hubsThatHeldIt) {
        boolean allowed = caller.is(Roles.ADMIN)
                || (caller.is(Roles.LDU_CLINICIAN) && ldu.filter(caller::worksInLdu).isPresent())
                || (caller.is(Roles.HUB_STAFF) && caller.worksAtAny(hubsThatHeldIt));
        if (!allowed) {
            throw ProblemException.forbidden("This referral is outside your scope: hub staff see the referrals their "
                    + "hubs held (claim hubs), an LDU clinician those routed to its LDU (claim ldu).");
        }
    }

    /** A manual allocation: the clinicians of the LDU the referral is routed to, admin. */
    public static void allocate(Caller caller, Optional<String> ldu) {
        if (!caller.is(Roles.ADMIN) && !(caller.is(Roles.LDU_CLINICIAN) && ldu.filter(caller::worksInLdu).isPresent())) {
            throw ProblemException.forbidden("This referral is not routed to your LDU (claim ldu): an LDU clinician "
                    + "allocates only its own LDU's referrals.");
        }
    }

    /** The LDU whose referrals waiting for a hub the caller sees, or empty for all (admin only). */
    public static Optional<String> unallocated(Caller caller, Optional<String> requestedLdu) {
        return LduScope.of(caller, requestedLdu);
    }

    /** A visit read back: the staff of the hub it was recorded for, admin. */
    public static void visit(Caller caller, String hubId) {
        if (!caller.is(Roles.ADMIN) && !(caller.is(Roles.HUB_STAFF) && caller.worksAt(hubId))) {
            throw ProblemException.forbidden("This visit was recorded for another hub (claim hubs): hub staff read "
                    + "their own hubs' visits.");
        }
    }

    /**
     * A visit voided or corrected: the staff of the hub it is recorded for, no one else (admin
     * neither: a visit is the hub's record of its own work).
     */
    public static void changeVisit(Caller caller, String hubId) {
        if (!caller.is(Roles.HUB_STAFF) || !caller.worksAt(hubId)) {
            throw ProblemException.forbidden("This visit was recorded for another hub (claim hubs): only the staff of "
                    + "the hub a visit is recorded for void or correct it.");
        }
    }

    /**
     * An episode closed, or its follow-up recorded: the staff of the hub holding the referral (of the
     * hub that closed it, once closed), no one else. Like a visit, it is the hub's record of its work.
     */
    public static void closeEpisode(Caller caller, String hubId) {
        if (!caller.is(Roles.HUB_STAFF) || hubId == null || !caller.worksAt(hubId)) {
            throw ProblemException.forbidden("Your access token does not let you close this referral's episode (claim "
                    + "hubs): only the staff of the hub holding a referral close its episode and record its follow-up.");
        }
    }

    /**
     * A referral sent back to its LDU: the staff of the hub holding it (of the hub that sent it back, once sent,
     * who are then told it is back already), no one else. Like a closure, it is the hub letting go of its work.
     */
    public static void sendBack(Caller caller, String hubId) {
        if (!caller.is(Roles.HUB_STAFF) || hubId == null || !caller.worksAt(hubId)) {
            throw ProblemException.forbidden("Your access token does not let you send this referral back (claim hubs): "
                    + "only the staff of the hub holding a referral send it back to its LDU.");
        }
    }

    /**
     * Whether the caller may record a visit to this referral at all, before its fields are judged
     * against it: staff of a hub that never held it learn nothing of it.
     */
    public static void mayVisit(Caller caller, Collection<String> hubsThatHeldIt) {
        if (!caller.is(Roles.HUB_STAFF) || !caller.worksAtAny(hubsThatHeldIt)) {
            throw visitRefused();
        }
    }

    /**
     * The hub a visit is recorded for: the hub that held the referral at the visit time, when the
     * caller works there (a visit recorded late, after a reallocation, is still that hub's), else
     * the hub that holds it now, when the caller works there.
     *
     * @param allocations every allocation of the referral, in order
     * @throws ProblemException 403 when the caller works at neither
     */
    public static String visitHub(Caller caller, List<Held> allocations, String holdsNow, Instant visitedAt) {
        Optional<String> heldThen = heldAt(allocations, visitedAt);
        if (caller.is(Roles.HUB_STAFF) && heldThen.filter(caller::worksAt).isPresent()) {
            return heldThen.get();
        }
        if (caller.is(Roles.HUB_STAFF) && caller.worksAt(holdsNow)) {
            return holdsNow;
        }
        throw visitRefused();
    }

    /** The hub that held the referral at a time: the latest allocation at or before it, if any. */
    public static Optional<String> heldAt(List<Held> allocations, Instant at) {
        String hub = null;
        for (Held held : allocations) {
            if (!held.from().isAfter(at)) {
                hub = held.hubId();
            }
        }
        return Optional.ofNullable(hub);
    }

    private static ProblemException visitRefused() {
        return ProblemException.forbidden("Your access token does not let you record this visit (claim hubs): a visit "
                + "is recorded by the hub that held the referral at the visit time, or holds it now.");
    }
}
