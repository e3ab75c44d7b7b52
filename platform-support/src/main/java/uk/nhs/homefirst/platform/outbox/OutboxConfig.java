package uk.nhs.homefirst.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "homefirst.outbox")
public interface OutboxConfig {

    /** The CloudEvent source of every event this service publishes, for example {@code /homefirst/referral-service}. */
    String source();

    /** Whether this instance relays the outbox to Kafka. Every instance may; they never send the same row. */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for rows when nobody wakes it. A commit that wrote to the outbox wakes it at once. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long a committed row is left to the relay its writer handed it to before any relay's search
     * takes it: the latency of an event whose writer's instance stopped before sending it.
     */
    @WithDefault("5s")
    Duration handoverGrace();

    /**
     * How many rows the relay sends in one transaction. A transaction waits for one acknowledgement
     * of the broker and one commit whatever its size: the larger, the more events a second.
     */
    @WithDefault("500")
    int batchSize();

    /**
     * How long the relay waits, once a commit wakes it, before it claims what is there: under load
     * a batch then carries the events of many commits rather than one or two, at the cost of this
     * much latency on the way to Kafka. Zero claims at once.
     */
    @WithDefault("10ms")
    Duration linger();

    /** The first pause after a failed send; it doubles on each further failure up to {@link #backoffMax()}. */
    @WithDefault("500ms")
    Duration backoffInitial();

    @WithDefault("30s")
    Duration backoffMax();

    /**
     * How long the row of a published event is kept, from when it was written, before the cleanup
     * deletes it. The row of an event not yet published is never deleted.
     */
    @WithDefault("1h")
    Duration retention();

    /** How often the cleanup deletes published rows older than {@link #retention()}. */
    @WithDefault("5m")
    Duration cleanupInterval();

    /** How long after start the first cleanup runs. */
    @WithDefault("30s")
    Duration cleanupDelay();

    /**
     * With the outbox readiness check (build property {@code homefirst.outbox-readiness.enabled=true}),
     * the instance is not ready once the oldest unpublished event is older than this. Until then it
     * stays ready while Kafka is down: the outbox keeps what it accepts.
     */
    @WithDefault("5m")
    Duration readinessMaxLag();

    /** How long the producer waits for the broker on one send before the relay backs off. */
    @WithDefault("10s")
    Duration sendTimeout();
}
