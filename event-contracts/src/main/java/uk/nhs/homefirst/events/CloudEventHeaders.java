package uk.nhs.homefirst.events;

/**
 * The Kafka header names of a CloudEvent 1.0 in binary content mode. The record value is the
 * event's data as JSON.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    /** The referral id, on every topic but target-alerts, where it is the hub id. */
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    /** ce_dataschema is this prefix and the event's name and version, for example {@code ...:ReferralReceived.v1}. */
    public static final String DATA_SCHEMA_PREFIX = "urn:uk-nhs-homefirst:schema:";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
