package uk.nhs.homefirst.platform.inbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import uk.nhs.homefirst.platform.store.FlushBeforeCommit;

/**
 * The idempotent-consumer log. A consumer records the ids of the events it applies in the
 * transaction of their effect: the effect and the record of the event id commit together, so a
 * redelivered event is recognised and changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String RECORD = """
            INSERT INTO processed_event (consumer, event_id)
            SELECT ?, id FROM unnest(?::text[]) AS id
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """;

    private final AgroalDataSource dataSource;
    private final FlushBeforeCommit flush;

    /** Public for the relay's redelivery test, which applies what the relay sent twice, outside JTA. */
    public ProcessedEvents(AgroalDataSource dataSource) {
        this(dataSource, null);
    }

    @jakarta.inject.Inject
    ProcessedEvents(AgroalDataSource dataSource, FlushBeforeCommit flush) {
        this.dataSource = dataSource;
        this.flush = flush;
    }

    /**
     * Records that {@code consumer} applies these events now, in one statement, and returns the ids
     * it had not applied before: the ones to apply.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, Collection<String> eventIds) {
        Set<String> first = new HashSet<>(eventIds.size() * 2);
        if (eventIds.isEmpty()) {
            return first;
        }
        if (flush != null) {
            // The marks must not commit without the effects of the events (see FlushBeforeCommit).
            flush.guard();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, consumer);
            insert.setArray(2, connection.createArrayOf("text", eventIds.toArray()));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    first.add(rs.getString(1));
                }
            }
            return first;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record processed events", e);
        }
    }
}
