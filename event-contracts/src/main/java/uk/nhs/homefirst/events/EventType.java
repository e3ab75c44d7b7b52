package uk.nhs.homefirst.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the contract: its CloudEvent type, its record, the topic it travels on and
 * the field of its data that must equal the record key. A type not listed here is not an event of
 * the platform.
 */
public enum EventType {

    REFERRAL_RECEIVED(ReferralReceived.TYPE, ReferralReceived.class, Topics.REFERRALS),
    REFERRAL_CANCELLED(ReferralCancelled.TYPE, ReferralCancelled.class, Topics.REFERRALS),
    PATIENT_DISCHARGED(PatientDischarged.TYPE, PatientDischarged.class, Topics.REFERRALS),
    DISCHARGE_DELAYED(DischargeDelayed.TYPE, DischargeDelayed.class, Topics.REFERRALS),
    REFERRAL_TRIAGED(ReferralTriaged.TYPE, ReferralTriaged.class, Topics.ASSESSMENTS),
    REFERRAL_ALLOCATED(ReferralAllocated.TYPE, ReferralAllocated.class, Topics.ALLOCATIONS),
    EPISODE_CLOSED(EpisodeClosed.TYPE, EpisodeClosed.class, Topics.ALLOCATIONS),
    REFERRAL_SENT_BACK(ReferralSentBack.TYPE, ReferralSentBack.class, Topics.ALLOCATIONS),
    VISIT_RECORDED(VisitRecorded.TYPE, VisitRecorded.class, Topics.VISITS),
    VISIT_VOIDED(VisitVoided.TYPE, VisitVoided.class, Topics.VISITS),
    VISIT_CORRECTED(VisitCorrected.TYPE, VisitCorrected.class, Topics.VISITS),
    REFERRAL_STATUS_CHANGED(ReferralStatusChanged.TYPE, ReferralStatusChanged.class, Topics.REFERRAL_STATUS),
    TARGET_ALERT_RAISED(TargetAlertRaised.TYPE, TargetAlertRaised.class, Topics.TARGET_ALERTS),
    TARGET_ALERT_RESOLVED(TargetAlertResolved.TYPE, TargetAlertResolved.class, Topics.TARGET_ALERTS),
    RESPONSE_AT_RISK(ResponseAtRisk.TYPE, ResponseAtRisk.class, Topics.TARGET_ALERTS),
    RESPONSE_BREACHED(ResponseBreached.TYPE, ResponseBreached.class, Topics.TARGET_ALERTS),
    RESPONSE_CLOCK_CHANGED(ResponseClockChanged.TYPE, ResponseClockChanged.class, Topics.RESPONSE_CLOCKS);

    /** Every CloudEvent type is this prefix, the event's name and its version: {@code uk.nhs.homefirst.ReferralReceived.v1}. */
    public static final String PREFIX = "uk.nhs.homefirst.";

    private static final Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private final String ceType;
    private final Class<?> record;
    private final String topic;

    EventType(String ceType, Class<?> record, String topic) {
        this.ceType = ceType;
        this.record = record;
        this.topic = topic;
    }

    /** The type of a CloudEvent {@code ce_type}, if the contract has it. */
    public static Optional<EventType> of(String ceType) {
        return Optional.ofNullable(ceType == null ? null : BY_CE_TYPE.get(ceType));
    }

    /** Whether the contract has an event of this name, such as {@code ReferralReceived}, in any version. */
    public static boolean isEventName(String name) {
        return Arrays.stream(values()).anyMatch(type -> type.eventName().equals(name));
    }

    public String ceType() {
        return ceType;
    }

    public Class<?> record() {
        return record;
    }

    public String topic() {
        return topic;
    }

    /** The name without the version, such as {@code ReferralReceived}. */
    public String eventName() {
        return record.getSimpleName();
    }

    /** The name of its schema, {@code ReferralReceived.v1}: also the last part of {@code ce_dataschema}. */
    public String schemaName() {
        return ceType.substring(PREFIX.length());
    }

    /** The field of the data that the record key repeats: the hub id on target-alerts, otherwise the referral id. */
    public String keyField() {
        return Topics.isKeyedByHub(topic) ? "hubId" : "referralId";
    }
}
