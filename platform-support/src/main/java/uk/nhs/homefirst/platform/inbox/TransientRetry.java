package uk.nhs.homefirst.platform.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Applies a consumed event in a transaction of its own, and tries again when it fails for a reason
 * that may pass, such as the database being down: a record goes to the dead-letter topic only if
 * it is poison, or if the failure outlasts {@code give-up-after}. Each attempt is a new transaction,
 * so a retry never runs in a transaction that already failed. The partition waits meanwhile, so
 * the events of a referral keep their order.
 */
@ApplicationScoped
public class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final Consumer<Runnable> transaction;
    private final Clock clock;
    private final Duration initialPause;
    private final Duration maxPause;
    private final Duration giveUpAfter;
    private final Sleeper sleeper;

    /** Pauses between attempts; tests replace it. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    @Inject
    TransientRetry(RetryConfig config, Clock clock) {
        this(work -> QuarkusTransaction.requiringNew().run(work::run), clock, config.initialPause(), config.maxPause(),
                config.giveUpAfter(), duration -> Thread.sleep(duration.toMillis()));
    }

    public TransientRetry(Consumer<Runnable> transaction, Clock clock, Duration initialPause, Duration maxPause,
            Duration giveUpAfter, Sleeper sleeper) {
        this.transaction = transaction;
        this.clock = clock;
        this.initialPause = initialPause;
        this.maxPause = maxPause;
        this.giveUpAfter = giveUpAfter;
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code work} in a new transaction until it succeeds. A {@link PoisonRecordException} is
     * thrown at once; any other failure is tried again, pausing longer each time, until
     * {@code give-up-after} has passed, and then thrown.
     */
    public void inTransaction(String what, Runnable work) {
        Instant giveUpAt = clock.instant().plus(giveUpAfter);
        Duration pause = initialPause;
        int attempt = 1;
        while (true) {
            try {
                transaction.accept(work);
                return;
            } catch (PoisonRecordException e) {
                throw e;
            } catch (RuntimeException e) {
                if (clock.instant().plus(pause).isAfter(giveUpAt)) {
                    throw new IllegalStateException("gave up applying " + what + " after " + attempt + " attempts: "
                            + e.getClass().getSimpleName(), e);
                }
                // Names the failure, never the event's content.
                LOG.warnf("Could not apply %s (attempt %d: %s); trying again in %s", what, attempt,
                        e.getClass().getSimpleName(), pause);
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to apply " + what, e);
                }
                pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
                attempt++;
            }
        }
    }
}
