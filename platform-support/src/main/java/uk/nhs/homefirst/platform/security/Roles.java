package uk.nhs.homefirst.platform.security;

import java.util.List;

/**
 * The platform's roles. A role says what kind of work a caller does; its scope (the organisations,
 * hubs or LDU of the token, see {@link Caller}) says whose.
 */
public final class Roles {

    /** A GP or hospital system, or a person acting for one organisation: refers, reads and cancels its own referrals. */
    public static final String REFERRER = "referrer";
    /** A clinician of one Locality Decision Unit: its LDU's queue and decisions, and their referrals' detail. */
    public static final String LDU_CLINICIAN = "ldu-clinician";
    /** Staff of one or more hubs: their caseloads, allocations and visits, and the detail a visit needs. */
    public static final String HUB_STAFF = "hub-staff";
    /** Targets, alerts, the live stream and the dashboard; never a patient identifier. */
    public static final String OPS = "ops";
    /** Hub coverage, reference data, manual overrides and the audit trail. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(REFERRER, LDU_CLINICIAN, HUB_STAFF, OPS, ADMIN);

    private Roles() {
    }
}
