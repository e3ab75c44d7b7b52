package uk.nhs.homefirst.platform.health;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Looks at a dependency so that a health check answers within its budget whatever the dependency
 * does: the look runs on a thread of its own, and the answer is DOWN ("no answer within ...") once
 * the budget has passed, the look left to finish on its own. At most one look is in flight, so a
 * frozen dependency holds one thread, not one per probe; a fresh answer is reused for {@code reuse},
 * so that probes from several orchestrators cost one look. The answer is asynchronous, so that the
 * checks of one health request wait side by side, not one after another.
 */
public final class BoundedProbe {

    /** What a look found: UP with facts to show, or an exception saying why not. */
    public interface Look {
        void look(HealthCheckResponseBuilder response) throws Exception;
    }

    private final String name;
    private final Duration budget;
    private final Duration reuse;
    private final ExecutorService thread;
    private CompletableFuture<HealthCheckResponse> inFlight;
    private long inFlightSince;
    private HealthCheckResponse last;
    private long lastAt;

    public BoundedProbe(String name, Duration budget, Duration reuse) {
        this.name = name;
        this.budget = budget;
        this.reuse = reuse;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "health-" + name.toLowerCase().replace(' ', '-'));
            t.setDaemon(true);
            return t;
        });
    }

    /** The state of the dependency, within the budget. */
    public Uni<HealthCheckResponse> check(Look look) {
        CompletableFuture<HealthCheckResponse> answer;
        long since;
        synchronized (this) {
            long now = System.nanoTime();
            if (last != null && now - lastAt < reuse.toNanos()) {
                return Uni.createFrom().item(last);
            }
            answer = inFlight;
            if (answer == null) {
                inFlightSince = now;
                CompletableFuture<HealthCheckResponse> started = CompletableFuture.supplyAsync(() -> lookAt(look), thread);
                inFlight = started;
                answer = started;
                // A look that is done already is remembered here and now, and inFlight is empty again:
                // this call keeps its own reference to it.
                started.whenComplete((response, failure) -> remember(started, response));
            }
            since = inFlightSince;
        }
        CompletableFuture<HealthCheckResponse> bounded = answer.copy()
                .orTimeout(budget.toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(timedOut -> HealthCheckResponse.named(name).down()
                        .withData("error", "no answer within " + budget.toMillis() + " ms (waiting "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) + " ms)")
                        .build());
        return Uni.createFrom().completionStage(bounded);
    }

    private synchronized void remember(CompletableFuture<HealthCheckResponse> look, HealthCheckResponse response) {
        if (inFlight == look) {
            inFlight = null;
            if (response != null) {
                last = response;
                lastAt = System.nanoTime();
            }
        }
    }

    private HealthCheckResponse lookAt(Look look) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name);
        try {
            look.look(response);
            return response.up().build();
        } catch (Exception e) {
            // The kind of failure only: a message may quote a connection string or a row.
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }

    public void close() {
        thread.shutdownNow();
    }
}
