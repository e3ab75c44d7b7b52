package uk.nhs.homefirst.monitor.topology;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Closes Kafka Streams within a bound when the service stops, before Quarkus closes it without one:
 * with the broker already gone, an unbounded close would hold the process until it is killed. What
 * was not committed is processed again by the next owner of the task (exactly once).
 */
@Singleton
public class Shutdown {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);

    void close(@Observes @Priority(1) ShutdownEvent shutdown, Instance<KafkaStreams> streams) {
        if (streams.isResolvable()) {
            streams.get().close(CLOSE_WITHIN);
        }
    }
}
