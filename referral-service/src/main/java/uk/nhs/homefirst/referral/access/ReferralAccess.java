package uk.nhs.homefirst.referral.access;

import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;
import uk.nhs.homefirst.platform.security.Roles;

/**
 * The referral service's rows of the platform's access table, beyond the roles that the
 * resources' {@code @RolesAllowed} check: whose referrals a caller of a role may touch. Each
 * check refuses with a 403 problem saying what scope was missing.
 */
public final class ReferralAccess {

    private ReferralAccess() {
    }

    /** A referrer refers only as an organisation its token lets it act for. */
    public static void refer(Caller caller, String referrerOdsCode) {
        if (!caller.is(Roles.REFERRER) || !caller.actsFor(referrerOdsCode)) {
            throw forbidden("Your access token does not let you act for organisation " + referrerOdsCode
                    + " (referrer.organisationOdsCode): a referrer refers only as an organisation its token names.");
        }
    }

    /** A referrer lists only the referrals of an organisation it acts for. */
    public static void list(Caller caller, String referrerOdsCode) {
        if (!caller.is(Roles.REFERRER) || !caller.actsFor(referrerOdsCode)) {
            throw forbidden("Your access token does not let you act for organisation " + referrerOdsCode
                    + " (referrerOdsCode): a referrer lists only its own organisation's referrals.");
        }
    }

    /** The detail, with the patient's identifiers: the referrer, the LDU it is routed to, the hubs it was allocated to. */
    public static void read(Caller caller, ReferralScope referral) {
        if (!mayRead(caller, referral)) {
            throw forbidden("This referral is outside your scope: a referrer reads its organisation's referrals, an LDU "
                    + "clinician those routed to its LDU, hub staff those allocated to their hubs.");
        }
    }

    public static boolean mayRead(Caller caller, ReferralScope referral) {
        return (caller.is(Roles.REFERRER) && caller.actsFor(referral.referrerOdsCode()))
                || (caller.is(Roles.LDU_CLINICIAN) && referral.ldu().filter(caller::worksInLdu).isPresent())
                || (caller.is(Roles.HUB_STAFF) && caller.worksAtAny(referral.hubs()));
    }

    /** Only the organisation that referred withdraws a referral. */
    public static void cancel(Caller caller, ReferralScope referral) {
        if (!caller.is(Roles.REFERRER) || !caller.actsFor(referral.referrerOdsCode())) {
            throw forbidden("Your access token does not let you act for the organisation that made this referral: only "
                    + "it may cancel it.");
        }
    }

    /** Only the hospital that referred confirms or moves the patient's discharge. */
    public static void discharge(Caller caller, ReferralScope referral) {
        if (!caller.is(Roles.REFERRER) || !caller.actsFor(referral.referrerOdsCode())) {
            throw forbidden("Your access token does not let you act for the organisation that made this referral: only "
                    + "it may confirm or move the patient's discharge.");
        }
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }
}
