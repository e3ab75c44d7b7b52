package uk.nhs.homefirst.referral.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.referral.status.Milestone;

/** Writes the milestones consumed from the other services' topics. */
@ApplicationScoped
public class Timelines {

    private static final String RECORD = """
            INSERT INTO referral_timeline (referral_id, kind, natural_key, occurred_at, number, pathway, standard,
                                           hub_id, outcome, event_id, ldu, reason_code, outcome_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT referral_timeline_natural_key DO NOTHING
            """;

    private final AgroalDataSource dataSource;

    Timelines(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A milestone of a referral to record, with the event that brought it and the LDU a triage decision routed it to. */
    public record Entry(UUID referralId, Milestone milestone, String ldu, String eventId) {
    }

    /**
     * Records each milestone unless one of its kind with its key is there already (or earlier in
     * {@code entries}), whatever event id brought it: one round trip for them all. Returns, for each,
     * whether it was new.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] record(List<Entry> entries) {
        boolean[] recorded = new boolean[entries.size()];
        if (entries.isEmpty()) {
            return recorded;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(RECORD)) {
            for (Entry entry : entries) {
                Milestone m = entry.milestone();
                insert.setObject(1, entry.referralId());
                insert.setString(2, m.kind().name());
                insert.setString(3, m.key());
                insert.setObject(4, OffsetDateTime.ofInstant(m.at(), ZoneOffset.UTC));
                if (m.number() == null) {
                    insert.setNull(5, Types.INTEGER);
                } else {
                    insert.setInt(5, m.number());
                }
                insert.setString(6, m.pathway() == null ? null : m.pathway().name());
                insert.setString(7, m.standard() == null ? null : m.standard().name());
                insert.setString(8, m.hubId());
                insert.setString(9, m.outcome() == null ? null : m.outcome().name());
                insert.setString(10, entry.eventId());
                insert.setString(11, entry.ldu());
                insert.setString(12, m.code());
                insert.setObject(13, m.date(), Types.DATE);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                recorded[i] = counts[i] == 1;
            }
            return recorded;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record milestones", e);
        }
    }
}
