package uk.nhs.homefirst.monitor.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.monitor.alert.Alert;
import uk.nhs.homefirst.monitor.alert.AlertFeed;
import uk.nhs.homefirst.monitor.alert.AlertList;
import uk.nhs.homefirst.monitor.alert.Warning;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Roles;

@Path("/api/alerts")
@RolesAllowed({Roles.OPS, Roles.ADMIN})
@Tag(name = "Alerts")
public class AlertResource {

    /** The open alerts, those resolved recently, and the clocks announced at risk recently. */
    public record AlertsNow(List<Alert> open, List<Alert> resolved, List<Warning> atRisk) {
    }

    private final AlertList alerts;
    private final AlertFeed feed;
    private final Clock clock;
    private final Duration recent;
    private final SecurityIdentity identity;

    AlertResource(AlertList alerts, AlertFeed feed, Clock clock, MonitorConfig config, SecurityIdentity identity) {
        this.alerts = alerts;
        this.feed = feed;
        this.clock = clock;
        this.recent = config.alerts().recent();
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open alerts, and alerts resolved and clocks warned at risk recently",
            description = "Recently means within homefirst.monitor.alerts.recent (7 days by default).")
    public AlertsNow list() {
        Instant since = clock.instant().minus(recent);
        List<Alert> all = alerts.alerts(since);
        return new AlertsNow(all.stream().filter(Alert::open).toList(),
                all.stream().filter(a -> !a.open()).toList(), alerts.warnings(since, 1000));
    }

    /** One alert, and the earlier alerts of its hub and standard still listed. */
    public record AlertHistory(Alert alert, List<Alert> earlier) {
    }

    @GET
    @Path("{alertId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One alert: raised when, at what percentage and counts, resolved when",
            description = "With the earlier alerts of the same hub and standard that are still listed.")
    public AlertHistory alert(@PathParam("alertId") String alertId) {
        List<Alert> all = alerts.alerts(clock.instant().minus(recent));
        Alert alert = all.stream().filter(a -> a.alertId().equals(alertId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("There is no alert " + alertId + " open or resolved recently."));
        return new AlertHistory(alert, all.stream().filter(a -> a.hubId().equals(alert.hubId())
                && a.standard() == alert.standard() && a.raisedAt().isBefore(alert.raisedAt())).toList());
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Alerts as they happen, as server-sent events",
            description = "Each event is named after its CloudEvent type (TargetAlertRaised, TargetAlertResolved, "
                    + "ResponseAtRisk, ResponseBreached) and carries its data as JSON. Its id is where the stream "
                    + "stands: reconnect with it as Last-Event-ID to be sent what was missed first. A client that "
                    + "does not keep up gets a 'cut-off' event and the stream ends; one whose missed events the "
                    + "topic no longer holds gets a 'gap' event. A comment every 15 seconds keeps the connection "
                    + "open through proxies. The stream ends when the token that opened it expires (for the "
                    + "dashboard, its sign-in's): reconnect with a valid one, and Last-Event-ID.")
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId) {
        Multi<AlertFeed.AlertEvent> events = feed.events(lastEventId);
        Duration left = untilExpiry();
        // A stream outlives no token: it is authorised once, when it opens, so it ends when that authority does.
        return (left == null ? events : events.select().first(left)).map(event -> {
            if (event == AlertFeed.HEARTBEAT_EVENT) {
                return sse.newEventBuilder().comment("heartbeat").build();
            }
            OutboundSseEvent.Builder builder = sse.newEventBuilder().name(event.name())
                    // The data is JSON already: sent as it is, not quoted again.
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(event.json());
            return (event.id() == null ? builder : builder.id(event.id())).build();
        });
    }

    /** How long the caller's token has left; null when it states no expiry. */
    private Duration untilExpiry() {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            Duration left = Duration.between(clock.instant(), Instant.ofEpochSecond(token.getExpirationTime()));
            // Within the accepted clock skew a token may be just past its expiry: a short stream, not none.
            return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
        }
        return null;
    }
}
