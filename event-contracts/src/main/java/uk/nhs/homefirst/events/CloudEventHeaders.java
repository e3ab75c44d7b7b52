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

    /**
     * Writes the headers of a CloudEvent 1.0 in binary mode, as every producer of the platform does:
     * {@code time} as RFC 3339 text, the data schema named after the type ({@code ...:ResponseAtRisk.v1}).
     */
    public static void write(org.apache.kafka.common.header.Headers headers, String id, String type, String source,
            String time, String subject) {
        add(headers, SPEC_VERSION, SPEC_VERSION_1_0);
        add(headers, ID, id);
        add(headers, TYPE, type);
        add(headers, SOURCE, source);
        add(headers, TIME, time);
        add(headers, SUBJECT, subject);
        int version = type.lastIndexOf('.');
        add(headers, DATA_SCHEMA, DATA_SCHEMA_PREFIX + type.substring(type.lastIndexOf('.', version - 1) + 1));
        add(headers, CONTENT_TYPE, JSON);
    }

    private static void add(org.apache.kafka.common.header.Headers headers, String name, String value) {
        headers.add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
