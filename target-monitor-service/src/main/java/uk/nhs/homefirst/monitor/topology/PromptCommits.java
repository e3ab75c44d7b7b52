package uk.nhs.homefirst.monitor.topology;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits what a processor did within {@link #EVERY} once the instance has caught up, as Kafka Streams'
 * default interval did: {@code commit.interval.ms} is longer (1 s), for the catch-up, where a
 * transaction and a flush of every store cache each 100 ms cost more than the records themselves.
 * Exactly once either way; only when the outputs become visible differs.
 */
final class PromptCommits {

    static final Duration EVERY = Duration.ofMillis(100);

    private final BooleanSupplier caughtUp;
    private boolean touched;

    private PromptCommits(BooleanSupplier caughtUp) {
        this.caughtUp = caughtUp;
    }

    static PromptCommits schedule(ProcessorContext<?, ?> context, BooleanSupplier caughtUp) {
        PromptCommits commits = new PromptCommits(caughtUp);
        context.schedule(EVERY, PunctuationType.WALL_CLOCK_TIME, timestamp -> {
            if (commits.touched && caughtUp.getAsBoolean()) {
                commits.touched = false;
                context.commit();
            }
        });
        return commits;
    }

    /** The processor read a record or sent something: commit it soon. */
    void touched() {
        touched = true;
    }
}
