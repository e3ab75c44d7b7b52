package uk.nhs.homefirst.harness;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a fresh, empty database on the real test PostgreSQL (see
 * {@link SharedInfrastructure}), reached through {@link SharedInfrastructure#databaseProxy()}. The init argument {@code database} names it; the database is
 * called {@code hf_test_<database>} and is dropped and created again each time Quarkus starts the
 * application, so that no test sees the rows of another profile.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "hf_test_service";

    @Override
    public void init(Map<String, String> initArgs) {
        database = "hf_test_" + initArgs.getOrDefault("database", "service");
    }

    @Override
    public Map<String, String> start() {
        PostgresServer server = SharedInfrastructure.postgres();
        server.dropDatabase(database);
        server.createDatabase(database);
        // Through the proxy, which a test may stall as if the database froze.
        StallableProxy proxy = SharedInfrastructure.databaseProxy();
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database,
                "quarkus.datasource.username", server.username(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        // The server is shared by every application the test JVM starts; it stops with the JVM.
    }
}
