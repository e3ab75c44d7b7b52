package uk.nhs.homefirst.allocation.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * {@code hub_daily_use} (V9) against the count it replaces, distinct referrals per Europe/London day,
 * hub and pathway among the allocations: filled from the allocations already there, and kept by the
 * database through every kind of write to them. Real PostgreSQL, the service's migrations, no Quarkus.
 */
class HubDailyUseMigrationIT {

    private static final String DATABASE = "hf_hub_daily_use";
    /** The count as the capacity rule defines it (what HubCapacities read before V9). */
    private static final String RULE = """
            SELECT (allocated_at AT TIME ZONE 'Europe/London')::date, hub_id, pathway, count(DISTINCT referral_id)
              FROM allocation GROUP BY 1, 2, 3""";
    private static final String KEPT = "SELECT day, hub_id, pathway, referrals FROM hub_daily_use WHERE referrals <> 0";

    private final PostgresServer server = SharedInfrastructure.postgres();

    @BeforeEach
    void freshDatabase() {
        server.dropDatabase(DATABASE);
        server.createDatabase(DATABASE);
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(server.jdbcUrl(DATABASE), server.username(), server.password())
                .locations("classpath:db/platform", "classpath:db/migration")
                .target(target)
                .load();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(DATABASE), server.username(), server.password());
    }

    @Test
    void theAllocationsBeforeTheMigrationAreCountedAsTheRuleCountsThem() throws SQLException {
        flyway("8").migrate();
        UUID movedBack = UUID.randomUUID();
        UUID afterMidnightInSummer = UUID.randomUUID();
        UUID beforeMidnightInSummer = UUID.randomUUID();
        UUID twoPathways = UUID.randomUUID();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (UUID referral : new UUID[] {movedBack, afterMidnightInSummer, beforeMidnightInSummer, twoPathways}) {
                insertCase(statement, referral);
            }
            // To a hub, away, and back the same day: one referral for the hub that day.
            insert(statement, movedBack, 1, "city-north-west", "2026-07-01T09:00:00Z", "BED_BASED");
            insert(statement, movedBack, 2, "city-south-east", "2026-07-01T10:00:00Z", "BED_BASED");
            insert(statement, movedBack, 3, "city-north-west", "2026-07-01T11:00:00Z", "BED_BASED");
            // 00:30 on 1 July in London (BST), released by a send-back: still the hub's use that day.
            insert(statement, afterMidnightInSummer, 1, "city-north-west", "2026-06-30T23:30:00Z", "BED_BASED");
            statement.executeUpdate("UPDATE allocation SET released_at = '2026-07-01T08:00:00Z', release_reason = 'WRONG_PATHWAY'"
                    + " WHERE referral_id = '" + afterMidnightInSummer + "'");
            // 23:30 on 30 June in London.
            insert(statement, beforeMidnightInSummer, 1, "city-north-west", "2026-06-30T22:30:00Z", "BED_BASED");
            // Sent back, and allocated again on another pathway: once on each.
            insert(statement, twoPathways, 1, "city-north-west", "2026-07-01T12:00:00Z", "URGENT_CRISIS_RESPONSE");
            insert(statement, twoPathways, 2, "city-north-west", "2026-07-01T15:00:00Z", "HOME_FIRST_REABLEMENT");
        }

        flyway("latest").migrate();

        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(counts(statement, KEPT)).isEqualTo(Map.of(
                    "2026-07-01 city-north-west BED_BASED", 2,
                    "2026-07-01 city-south-east BED_BASED", 1,
                    "2026-06-30 city-north-west BED_BASED", 1,
                    "2026-07-01 city-north-west URGENT_CRISIS_RESPONSE", 1,
                    "2026-07-01 city-north-west HOME_FIRST_REABLEMENT", 1));
            assertThat(counts(statement, KEPT)).isEqualTo(counts(statement, RULE));
        }
    }

    @Test
    void everyWriteToTheAllocationsKeepsTheCountsAsTheRuleCountsThem() throws SQLException {
        flyway("latest").migrate();
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            insertCase(statement, one);
            insertCase(statement, two);

            // One row a statement, as the service writes them: away and back the same day counts once.
            insert(statement, one, 1, "charnwood-nwl", "2026-12-07T09:00:00Z", "BED_BASED");
            insert(statement, one, 2, "melton-rutland", "2026-12-07T10:00:00Z", "BED_BASED");
            insert(statement, one, 3, "charnwood-nwl", "2026-12-07T11:00:00Z", "BED_BASED");
            assertThat(counts(statement, KEPT)).containsEntry("2026-12-07 charnwood-nwl BED_BASED", 1)
                    .isEqualTo(counts(statement, RULE));

            // Several rows of one referral in one statement: each counted against what was there before it.
            statement.executeUpdate("""
                    INSERT INTO allocation (id, referral_id, allocation_number, hub_id, allocated_at, method, pathway, recorded_at)
                    SELECT gen_random_uuid(), '%s', n, 'charnwood-nwl', '2026-12-07T12:00:00Z', 'MANUAL', 'BED_BASED', now()
                      FROM generate_series(1, 3) AS n""".formatted(two));
            assertThat(counts(statement, KEPT)).containsEntry("2026-12-07 charnwood-nwl BED_BASED", 2)
                    .isEqualTo(counts(statement, RULE));

            // A release by a send-back changes nothing counted.
            statement.executeUpdate("UPDATE allocation SET released_at = now(), release_reason = 'DECLINED'"
                    + " WHERE referral_id = '" + one + "'");
            assertThat(counts(statement, KEPT)).isEqualTo(counts(statement, RULE));

            // Moved to another hub, day or pathway: it leaves the old count only if no other of its allocations is there.
            statement.executeUpdate("UPDATE allocation SET hub_id = 'hinckley-bosworth'"
                    + " WHERE referral_id = '" + one + "' AND allocation_number = 1");
            assertThat(counts(statement, KEPT)).containsEntry("2026-12-07 charnwood-nwl BED_BASED", 2)
                    .containsEntry("2026-12-07 hinckley-bosworth BED_BASED", 1).isEqualTo(counts(statement, RULE));
            statement.executeUpdate("UPDATE allocation SET allocated_at = '2026-12-08T00:30:00Z', pathway = 'HOME_FIRST_REABLEMENT'"
                    + " WHERE referral_id = '" + one + "' AND allocation_number = 3");
            assertThat(counts(statement, KEPT)).containsEntry("2026-12-07 charnwood-nwl BED_BASED", 1)
                    .containsEntry("2026-12-08 charnwood-nwl HOME_FIRST_REABLEMENT", 1).isEqualTo(counts(statement, RULE));

            // Deleted: counted while another of its allocations is there.
            statement.executeUpdate("DELETE FROM allocation WHERE referral_id = '" + two + "' AND allocation_number < 3");
            assertThat(counts(statement, KEPT)).containsEntry("2026-12-07 charnwood-nwl BED_BASED", 1)
                    .isEqualTo(counts(statement, RULE));
            statement.executeUpdate("DELETE FROM allocation WHERE referral_id = '" + two + "'");
            assertThat(counts(statement, KEPT)).doesNotContainKey("2026-12-07 charnwood-nwl BED_BASED")
                    .isEqualTo(counts(statement, RULE));

            statement.executeUpdate("TRUNCATE allocation");
            assertThat(counts(statement, "SELECT day, hub_id, pathway, referrals FROM hub_daily_use")).isEmpty();
        }
    }

    private static void insertCase(Statement statement, UUID referral) throws SQLException {
        statement.executeUpdate("""
                INSERT INTO referral_case (referral_id, received_at, decision_number, decided_at, pathway, first_seen_at)
                VALUES ('%s', '2026-06-30T08:00:00Z', 1, '2026-06-30T08:05:00Z', 'BED_BASED', now())""".formatted(referral));
    }

    private static void insert(Statement statement, UUID referral, int number, String hub, String at, String pathway)
            throws SQLException {
        statement.executeUpdate("""
                INSERT INTO allocation (id, referral_id, allocation_number, hub_id, allocated_at, method, pathway, recorded_at)
                VALUES (gen_random_uuid(), '%s', %d, '%s', '%s', 'MANUAL', '%s', now())"""
                .formatted(referral, number, hub, at, pathway));
    }

    /** Day, hub and pathway to the number of referrals. */
    private static Map<String, Integer> counts(Statement statement, String sql) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3), rs.getInt(4));
            }
        }
        return counts;
    }
}
