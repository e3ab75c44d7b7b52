package uk.nhs.homefirst.platform.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Deletes the outbox rows of events written longer ago than the retention that Kafka acknowledged. */
@ApplicationScoped
public class OutboxCleanup {

    private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);

    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final Clock clock;

    OutboxCleanup(OutboxRelay relay, OutboxConfig config, Clock clock) {
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${homefirst.outbox.cleanup-interval:5m}", delayed = "${homefirst.outbox.cleanup-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deletePublishedRows() throws SQLException {
        int deleted = relay.deletePublishedBefore(clock.instant().minus(config.retention()));
        if (deleted > 0) {
            LOG.debugf("Deleted %d published outbox rows", deleted);
        }
    }
}
