package uk.nhs.homefirst.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * The move to {@code outbox_unpublished} (V0_4) on a database that has events in its outbox: those
 * not yet published stay to be sent, with their key and time; those published do not.
 */
class OutboxMigrationIT {

    private static final String DATABASE = "hf_outbox_migration";
    private final PostgresServer server = SharedInfrastructure.postgres();

    @BeforeEach
    void freshDatabase() {
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(server.jdbcUrl(DATABASE), server.username(), server.password())
                .locations("classpath:db/platform")
                .target(target)
                .load();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(DATABASE), server.username(), server.password());
    }

    @Test
    void eventsNotYetPublishedStayToBeSentAndPublishedOnesDoNot() throws SQLException {
        flyway("0.3").migrate();
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time,
                            data, created_at, published_at)
                        VALUES (gen_random_uuid(), 'referrals', ?, 'uk.nhs.homefirst.ReferralReceived.v1', ?, now(),
                            '{}', ?::timestamptz, ?::timestamptz)
                        """)) {
            Object[][] rows = {
                {"referral-a", "2026-11-30T10:00:00Z", "2026-11-30T10:00:01Z"},
                {"referral-a", "2026-11-30T10:05:00Z", null},
                {"referral-b", "2026-11-30T10:06:00Z", null},
                {"referral-c", "2026-11-30T10:07:00Z", "2026-11-30T10:07:01Z"},
            };
            for (Object[] row : rows) {
                insert.setObject(1, row[0]);
                insert.setObject(2, row[0]);
                insert.setObject(3, row[1]);
                insert.setObject(4, row[2]);
                insert.executeUpdate();
            }
        }

        flyway("latest").migrate();

        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            List<String> unpublished = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT u.message_key, u.created_at = e.created_at
                      FROM outbox_unpublished u JOIN outbox_event e ON e.id = u.id ORDER BY u.id
                    """)) {
                while (rs.next()) {
                    assertThat(rs.getBoolean(2)).as("time kept").isTrue();
                    unpublished.add(rs.getString(1));
                }
            }
            assertThat(unpublished).containsExactly("referral-a", "referral-b");
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM outbox_event")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every event kept, published or not").isEqualTo(4);
            }
            try (ResultSet rs = statement.executeQuery("""
                    SELECT count(*) FROM information_schema.columns
                     WHERE table_name = 'outbox_event' AND column_name = 'published_at'
                    """)) {
                rs.next();
                assertThat(rs.getLong(1)).as("the column an older relay would update").isZero();
            }
        }
    }

    @Test
    void everyEventInsertedIsUnpublishedWhoeverWritesIt() throws SQLException {
        flyway("latest").migrate();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            // A writer of the version before: one row, as it appended them, with no word of outbox_unpublished.
            statement.executeUpdate("""
                    INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data)
                    VALUES (gen_random_uuid(), 'referrals', 'old-writer', 'uk.nhs.homefirst.ReferralReceived.v1',
                            'old-writer', now(), '{}')
                    """);
            // Many rows in one statement, as the intake's writer appends a batch.
            statement.executeUpdate("""
                    INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data)
                    SELECT gen_random_uuid(), 'referrals', 'batch-' || n, 'uk.nhs.homefirst.ReferralReceived.v1',
                           'batch-' || n, now(), '{}'
                      FROM generate_series(1, 3) AS n
                    """);
            // A statement that inserts nothing.
            statement.executeUpdate("""
                    INSERT INTO outbox_event (event_id, topic, message_key, event_type, subject, event_time, data)
                    SELECT gen_random_uuid(), 'referrals', 'none', 't', 'none', now(), '{}' WHERE false
                    """);
            try (ResultSet rs = statement.executeQuery("""
                    SELECT count(*) FILTER (WHERE u.id IS NULL), count(*), count(*) FILTER (WHERE u.message_key = e.message_key
                                                                                  AND u.created_at = e.created_at)
                      FROM outbox_event e LEFT JOIN outbox_unpublished u ON u.id = e.id
                    """)) {
                rs.next();
                assertThat(rs.getLong(1)).as("events without an unpublished row").isZero();
                assertThat(rs.getLong(2)).isEqualTo(4);
                assertThat(rs.getLong(3)).as("key and time as the event's").isEqualTo(4);
            }
        }
    }
}
