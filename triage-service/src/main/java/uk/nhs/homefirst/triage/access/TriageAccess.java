package uk.nhs.homefirst.triage.access;

import java.util.Optional;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.LduScope;
import uk.nhs.homefirst.platform.security.Roles;

/**
 * The triage service's rows of the platform's access table, beyond the roles that the resources'
 * {@code @RolesAllowed} check: an LDU clinician sees and decides only the referrals routed to its
 * own LDU; admin sees and decides any (manual overrides), routed or not.
 */
public final class TriageAccess {

    private TriageAccess() {
    }

    /** The LDU whose queue the caller sees, or empty for every open case (admin only). */
    public static Optional<String> queue(Caller caller, Optional<String> requestedLdu) {
        return LduScope.of(caller, requestedLdu);
    }

    /** A case and its decisions, or a new decision on it, for the LDU it is routed to. */
    public static void caseOf(Caller caller, String caseLdu) {
        if (!mayHandle(caller, caseLdu)) {
            throw ProblemException.forbidden("This referral is not routed to your LDU (claim ldu): an LDU clinician "
                    + "reads and decides only the referrals routed to its own LDU.");
        }
    }

    public static boolean mayHandle(Caller caller, String caseLdu) {
        return caller.is(Roles.ADMIN) || (caller.is(Roles.LDU_CLINICIAN) && caller.worksInLdu(caseLdu));
    }
}
