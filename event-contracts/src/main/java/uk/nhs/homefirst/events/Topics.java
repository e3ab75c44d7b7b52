package uk.nhs.homefirst.events;

/**
 * The topics integrators subscribe to. Every record but those of target-alerts is keyed by referral id,
 * so that all the events of one referral land on one partition, in order.
 */
public final class Topics {

    /**
     * ReferralReceived, ReferralCancelled, PatientDischarged, DischargeDelayed. The only topic that
     * carries patient identifiers (in ReferralReceived only).
     */
    public static final String REFERRALS = "referrals";
    /** ReferralTriaged. */
    public static final String ASSESSMENTS = "assessments";
    /** ReferralAllocated, EpisodeClosed. */
    public static final String ALLOCATIONS = "allocations";
    /** VisitRecorded. */
    public static final String VISITS = "visits";
    /**
     * ReferralStatusChanged: where each referral stands for its referrer, for integrators. Codes only,
     * no patient identifiers; referral-service produces it, no service of the platform consumes it.
     */
    public static final String REFERRAL_STATUS = "referral-status";
    /** TargetAlertRaised, TargetAlertResolved, ResponseAtRisk, ResponseBreached; keyed by hub id. */
    public static final String TARGET_ALERTS = "target-alerts";
    /**
     * ResponseClockChanged: each response clock's status and deadline as the target monitor judges
     * them, keyed by referral id; hub-allocation-service reads it for the caseload's deadlines.
     */
    public static final String RESPONSE_CLOCKS = "response-clocks";

    /** A consumer sends a record it cannot read to the topic's dead-letter topic, named with this suffix. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final String REFERRALS_DLQ = REFERRALS + DEAD_LETTER_SUFFIX;
    public static final String ASSESSMENTS_DLQ = ASSESSMENTS + DEAD_LETTER_SUFFIX;
    public static final String ALLOCATIONS_DLQ = ALLOCATIONS + DEAD_LETTER_SUFFIX;
    public static final String VISITS_DLQ = VISITS + DEAD_LETTER_SUFFIX;
    public static final String RESPONSE_CLOCKS_DLQ = RESPONSE_CLOCKS + DEAD_LETTER_SUFFIX;

    /** Whether the topic's records are keyed by hub id (target-alerts) rather than by referral id. */
    public static boolean isKeyedByHub(String topic) {
        return TARGET_ALERTS.equals(topic);
    }

    /**
     * How long the event topics keep their records: two weeks, time for a consumer or an integrator
     * that was down to catch up. No service reads a topic from its beginning (the target monitor
     * restores its state from its own changelogs), and referral-service's database keeps each
     * referral after its event has gone from {@code referrals}.
     */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(14);

    /** How long the dead-letter topics keep their records: four weeks to look into one and put it right. */
    public static final java.time.Duration DEAD_LETTER_RETENTION = java.time.Duration.ofDays(28);

    /** The retention of a topic of {@link #ALL}. */
    public static java.time.Duration retentionOf(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX) ? DEAD_LETTER_RETENTION : RETENTION;
    }

    /** Every topic of the platform, dead-letter topics included: what a broker must hold. */
    public static final java.util.List<String> ALL = java.util.List.of(
            REFERRALS, ASSESSMENTS, ALLOCATIONS, VISITS, TARGET_ALERTS, REFERRAL_STATUS, RESPONSE_CLOCKS,
            REFERRALS_DLQ, ASSESSMENTS_DLQ, ALLOCATIONS_DLQ, VISITS_DLQ, RESPONSE_CLOCKS_DLQ);

    private Topics() {
    }
}
