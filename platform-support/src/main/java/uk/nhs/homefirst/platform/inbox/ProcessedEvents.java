package uk.nhs.homefirst.platform.inbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The idempotent-consumer log. A consumer calls {@link #firstDelivery} in the transaction of its
 * effect: the effect and the record of the event id commit together, so a redelivered event is
 * recognised and changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String RECORD = """
            INSERT INTO processed_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING
            """;

    private final AgroalDataSource dataSource;

    ProcessedEvents(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records that {@code consumer} applies the event now. False when it had already been applied. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, consumer);
            insert.setString(2, eventId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a processed event", e);
        }
    }
}
