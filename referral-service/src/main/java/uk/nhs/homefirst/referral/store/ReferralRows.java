package uk.nhs.homefirst.referral.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.time.IsoInstant;
import uk.nhs.homefirst.referral.status.Milestone;

/**
 * Referrals written and read with plain JDBC, many in one statement, on a connection whose
 * transaction the caller holds: the intake's writer (group commit) and the Idempotency-Key path
 * share these statements. Every value is bound as an array parameter; none is ever part of the SQL.
 */
public final class ReferralRows {

    /** A source system's own reference of a referral: what makes a retry the same referral. */
    public record SourceReference(String system, String id) {
    }

    // One row per array element, in the arrays' order; ON CONFLICT on the partial unique index waits
    // for a concurrent insert of the same reference to end, and skips the rows whose reference is
    // taken, including by an earlier row of the same statement. RETURNING names those it inserted.
    private static final String INSERT_ALL = """
            INSERT INTO referral (id, received_at, recorded_at, stated_received_at, source, source_system,
                source_referral_id, requested_urgency, clinical_needs, reason_text, snomed_code, nhs_number,
                given_name, family_name, date_of_birth, postcode, postcode_district, gp_practice_ods_code,
                phone, referrer_ods_code, referrer_role, referrer_name, status, content_fingerprint,
                awaits_discharge, expected_discharge_date, discharge_pathway)
            SELECT r.id, r.received_at, r.recorded_at, r.stated_received_at, r.source, r.source_system,
                   r.source_referral_id, r.requested_urgency, string_to_array(r.clinical_needs, ','), r.reason_text,
                   r.snomed_code, r.nhs_number, r.given_name, r.family_name, r.date_of_birth, r.postcode,
                   r.postcode_district, r.gp_practice_ods_code, r.phone, r.referrer_ods_code, r.referrer_role,
                   r.referrer_name, r.status, r.content_fingerprint, r.awaits_discharge, r.expected_discharge_date,
                   r.discharge_pathway
              FROM unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::boolean[], ?::date[], ?::smallint[])
                   WITH ORDINALITY AS r(id, received_at, recorded_at, stated_received_at, source, source_system,
                       source_referral_id, requested_urgency, clinical_needs, reason_text, snomed_code, nhs_number,
                       given_name, family_name, date_of_birth, postcode, postcode_district, gp_practice_ods_code,
                       phone, referrer_ods_code, referrer_role, referrer_name, status, content_fingerprint,
                       awaits_discharge, expected_discharge_date, discharge_pathway, n)
             ORDER BY r.n
            ON CONFLICT (source_system, source_referral_id) WHERE source_system IS NOT NULL DO NOTHING
            RETURNING id
            """;

    private static final String COLUMNS = """
            id, received_at, recorded_at, stated_received_at, source, source_system, source_referral_id,
            requested_urgency, clinical_needs, reason_text, snomed_code, nhs_number, given_name, family_name,
            date_of_birth, postcode, postcode_district, gp_practice_ods_code, phone, referrer_ods_code, referrer_role,
            referrer_name, status, content_fingerprint, cancelled_at, cancellation_reason, cancellation_text,
            cancellation_recorded_at, awaits_discharge, expected_discharge_date, discharge_pathway, discharge_id,
            discharged_at, discharge_recorded_at, status_changed_at, status_sequence""";

    // "source_system IS NOT NULL" lets the planner use the partial unique index.
    private static final String BY_SOURCE_REFERENCE = "SELECT " + COLUMNS + """
             FROM referral
            WHERE source_system IS NOT NULL
              AND (source_system, source_referral_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
            """;

    private static final String TIMELINES = """
            SELECT referral_id, kind, natural_key, occurred_at, number, pathway, standard, hub_id, outcome, event_id,
                   recorded_at, ldu, reason_code
              FROM referral_timeline WHERE referral_id = ANY (?::uuid[])
            """;

    private ReferralRows() {
    }

    /**
     * Inserts new referrals in one statement, except those whose source reference is taken (by a
     * referral stored before, or by an earlier one of {@code referrals}). Returns the ids inserted.
     * Give them in a fixed order of source reference: two transactions inserting the same references
     * then wait for each other in the same order, and cannot deadlock.
     */
    public static Set<UUID> insertAll(Connection connection, List<Referral> referrals) throws SQLException {
        int n = referrals.size();
        String[][] columns = new String[27][n];
        for (int i = 0; i < n; i++) {
            Referral r = referrals.get(i);
            int c = 0;
            columns[c++][i] = r.id.toString();
            columns[c++][i] = IsoInstant.format(r.receivedAt);
            columns[c++][i] = IsoInstant.format(r.recordedAt);
            columns[c++][i] = r.statedReceivedAt == null ? null : IsoInstant.format(r.statedReceivedAt);
            columns[c++][i] = r.source.name();
            columns[c++][i] = r.sourceSystem;
            columns[c++][i] = r.sourceReferralId;
            columns[c++][i] = r.requestedUrgency.name();
            // Clinical needs are enum names: a comma cannot be part of one.
            columns[c++][i] = String.join(",", r.clinicalNeeds);
            columns[c++][i] = r.reasonText;
            columns[c++][i] = r.snomedCode;
            columns[c++][i] = r.nhsNumber;
            columns[c++][i] = r.givenName;
            columns[c++][i] = r.familyName;
            columns[c++][i] = r.dateOfBirth.toString();
            columns[c++][i] = r.postcode;
            columns[c++][i] = r.postcodeDistrict;
            columns[c++][i] = r.gpPracticeOdsCode;
            columns[c++][i] = r.phone;
            columns[c++][i] = r.referrerOdsCode;
            columns[c++][i] = r.referrerRole.name();
            columns[c++][i] = r.referrerName;
            columns[c++][i] = r.status.name();
            columns[c++][i] = r.contentFingerprint;
            columns[c++][i] = Boolean.toString(r.awaitsDischarge);
            columns[c++][i] = r.expectedDischargeDate == null ? null : r.expectedDischargeDate.toString();
            columns[c][i] = r.dischargePathway == null ? null : r.dischargePathway.toString();
        }
        Set<UUID> inserted = new HashSet<>(n * 2);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
            for (int c = 0; c < columns.length; c++) {
                insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
            }
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return inserted;
    }

    /** The referrals stored under these source references, as this transaction sees them. */
    public static Map<SourceReference, Referral> bySourceReference(Connection connection,
            Set<SourceReference> references) throws SQLException {
        Map<SourceReference, Referral> found = new HashMap<>();
        if (references.isEmpty()) {
            return found;
        }
        String[] systems = new String[references.size()];
        String[] ids = new String[references.size()];
        int i = 0;
        for (SourceReference reference : references) {
            systems[i] = reference.system();
            ids[i++] = reference.id();
        }
        try (PreparedStatement select = connection.prepareStatement(BY_SOURCE_REFERENCE)) {
            select.setArray(1, connection.createArrayOf("text", systems));
            select.setArray(2, connection.createArrayOf("text", ids));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Referral r = read(rs);
                    found.put(new SourceReference(r.sourceSystem, r.sourceReferralId), r);
                }
            }
        }
        return found;
    }

    /** The timeline rows (decisions, allocations, visits) of these referrals. */
    public static Map<UUID, List<TimelineEntry>> timelines(Connection connection, Set<UUID> referralIds)
            throws SQLException {
        Map<UUID, List<TimelineEntry>> found = new HashMap<>();
        if (referralIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement select = connection.prepareStatement(TIMELINES)) {
            select.setArray(1, connection.createArrayOf("text",
                    referralIds.stream().map(UUID::toString).toArray(String[]::new)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    TimelineEntry e = new TimelineEntry();
                    e.referralId = rs.getObject(1, UUID.class);
                    e.kind = Milestone.Kind.valueOf(rs.getString(2));
                    e.naturalKey = rs.getString(3);
                    e.occurredAt = instant(rs, 4);
                    e.number = (Integer) rs.getObject(5);
                    e.pathway = named(Pathway.class, rs.getString(6));
                    e.standard = named(ResponseStandard.class, rs.getString(7));
                    e.hubId = rs.getString(8);
                    e.outcome = named(VisitOutcome.class, rs.getString(9));
                    e.eventId = rs.getString(10);
                    e.recordedAt = instant(rs, 11);
                    e.ldu = rs.getString(12);
                    e.reasonCode = rs.getString(13);
                    found.computeIfAbsent(e.referralId, id -> new ArrayList<>()).add(e);
                }
            }
        }
        return found;
    }

    private static Referral read(ResultSet rs) throws SQLException {
        Referral r = new Referral();
        r.id = rs.getObject("id", UUID.class);
        r.receivedAt = instant(rs, "received_at");
        r.recordedAt = instant(rs, "recorded_at");
        r.statedReceivedAt = instant(rs, "stated_received_at");
        r.source = named(ReferralSource.class, rs.getString("source"));
        r.sourceSystem = rs.getString("source_system");
        r.sourceReferralId = rs.getString("source_referral_id");
        r.requestedUrgency = named(RequestedUrgency.class, rs.getString("requested_urgency"));
        Array needs = rs.getArray("clinical_needs");
        r.clinicalNeeds = needs == null ? new String[0] : (String[]) needs.getArray();
        r.reasonText = rs.getString("reason_text");
        r.snomedCode = rs.getString("snomed_code");
        r.nhsNumber = rs.getString("nhs_number");
        r.givenName = rs.getString("given_name");
        r.familyName = rs.getString("family_name");
        r.dateOfBirth = rs.getObject("date_of_birth", LocalDate.class);
        r.postcode = rs.getString("postcode");
        r.postcodeDistrict = rs.getString("postcode_district");
        r.gpPracticeOdsCode = rs.getString("gp_practice_ods_code");
        r.phone = rs.getString("phone");
        r.referrerOdsCode = rs.getString("referrer_ods_code");
        r.referrerRole = named(ReferrerRole.class, rs.getString("referrer_role"));
        r.referrerName = rs.getString("referrer_name");
        r.status = named(ReferralStatus.class, rs.getString("status"));
        r.contentFingerprint = rs.getString("content_fingerprint");
        r.cancelledAt = instant(rs, "cancelled_at");
        r.cancellationReason = named(CancellationReason.class, rs.getString("cancellation_reason"));
        r.cancellationText = rs.getString("cancellation_text");
        r.cancellationRecordedAt = instant(rs, "cancellation_recorded_at");
        r.awaitsDischarge = rs.getBoolean("awaits_discharge");
        r.expectedDischargeDate = rs.getObject("expected_discharge_date", LocalDate.class);
        r.dischargePathway = (Integer) rs.getObject("discharge_pathway", Integer.class);
        r.dischargeId = rs.getObject("discharge_id", UUID.class);
        r.dischargedAt = instant(rs, "discharged_at");
        r.dischargeRecordedAt = instant(rs, "discharge_recorded_at");
        r.statusChangedAt = instant(rs, "status_changed_at");
        r.statusSequence = rs.getInt("status_sequence");
        return r;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
