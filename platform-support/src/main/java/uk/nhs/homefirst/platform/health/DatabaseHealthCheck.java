package uk.nhs.homefirst.platform.health;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the service's own database answers a query. Every service needs its database to do
 * its job. Answers within a second and a half whatever the database does (see {@link BoundedProbe});
 * it replaces Agroal's own check ({@code quarkus.datasource.health.enabled=false}), which waits as
 * long as the driver does.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements AsyncHealthCheck {

    static final String NAME = "Database";

    private final AgroalDataSource dataSource;
    private final BoundedProbe probe = new BoundedProbe(NAME, Duration.ofMillis(1500), Duration.ofSeconds(1));

    DatabaseHealthCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.check(response -> {
            long started = System.nanoTime();
            try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement()) {
                query.setQueryTimeout(1);
                query.execute("SELECT 1");
            }
            response.withData("answeredInMs", (System.nanoTime() - started) / 1_000_000);
        });
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
