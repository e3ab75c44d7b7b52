package uk.nhs.homefirst.platform.security;

import java.util.Optional;
import uk.nhs.homefirst.platform.problem.ProblemException;

/**
 * Whose referrals a list by LDU shows (the triage queue, the referrals waiting for a hub): an LDU
 * clinician its own LDU's only, admin any LDU's or all. Asking for another LDU's list is a 403
 * naming the scope, not a quietly different list.
 */
public final class LduScope {

    private LduScope() {
    }

    /**
     * @param requested the LDU the request names ({@code ldu=}), if any
     * @return the LDU to list, or empty to list every referral, routed or not (admin only)
     */
    public static Optional<String> of(Caller caller, Optional<String> requested) {
        if (caller.is(Roles.ADMIN)) {
            return requested;
        }
        if (caller.is(Roles.LDU_CLINICIAN)) {
            String own = caller.ldu().orElseThrow(() -> ProblemException.forbidden(
                    "Your access token names no LDU (claim ldu): an LDU clinician sees its own LDU's referrals only."));
            if (requested.isPresent() && !requested.get().equals(own)) {
                throw ProblemException.forbidden("Your access token does not let you see LDU " + requested.get()
                        + " (ldu): an LDU clinician sees its own LDU's referrals only.");
            }
            return Optional.of(own);
        }
        throw ProblemException.forbidden("This needs one of the roles ldu-clinician, admin.");
    }
}
