package uk.nhs.homefirst.monitor.topology;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What Kafka Streams does with a stream thread that died: it starts a new one in its place, which
 * takes its tasks back (exactly once: what the dead one had not committed is processed again).
 * The default shuts the whole client down for good, and a broker that did not answer for a minute
 * (a transaction that could not end in time, a thread that missed its rebalance) left the monitor
 * in ERROR until someone restarted it. A thread that keeps dying, more than {@link #LIMIT} times in
 * {@link #WINDOW}, is a fault no new thread mends: then the client shuts down, liveness reports
 * DOWN, and the orchestrator restarts the service.
 */
@Singleton
public class ReplaceFailedThread implements StreamsUncaughtExceptionHandler {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(ReplaceFailedThread.class);

    private final Clock clock;
    private final Deque<Instant> replaced = new ArrayDeque<>();

    ReplaceFailedThread(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
        Instant now = clock.instant();
        while (!replaced.isEmpty() && replaced.peekFirst().isBefore(now.minus(WINDOW))) {
            replaced.removeFirst();
        }
        if (replaced.size() >= LIMIT) {
            LOG.errorf(failure, "A stream thread died for the %d-th time within %s; shutting Kafka Streams down", LIMIT + 1, WINDOW);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replaced.addLast(now);
        LOG.warnf(failure, "A stream thread died; a new one takes its tasks over");
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
