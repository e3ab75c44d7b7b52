package uk.nhs.homefirst.monitor.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the state has been rebuilt from the topics: until then the figures would be wrong. */
@Readiness
@ApplicationScoped
public class CatchUpCheck implements HealthCheck {

    private final EventStream events;
    private final BoardFeed board;

    CatchUpCheck(EventStream events, BoardFeed board) {
        this.events = events;
        this.board = board;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Target monitor caught up with the topics")
                .status(board.complete())
                .withData("recordsRead", events.recordsRead())
                .withData("recordsToCatchUp", events.catchUpRemaining())
                .withData("referralsOwned", events.referralsOwned())
                .withData("evaluationsRead", board.evaluationsRead())
                .build();
    }
}
