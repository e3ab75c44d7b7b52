package uk.nhs.homefirst.monitor.rest;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import uk.nhs.homefirst.monitor.alert.AlertFeed;
import uk.nhs.homefirst.monitor.alert.Alerts;
import uk.nhs.homefirst.monitor.config.MonitorConfig;

@Path("/api/alerts")
@Tag(name = "Alerts")
public class AlertResource {

    /** The open alerts, those resolved recently, and the clocks announced at risk recently. */
    public record AlertList(List<Alerts.Alert> open, List<Alerts.Alert> resolved, List<Alerts.Warning> atRisk) {
    }

    private final Alerts alerts;
    private final AlertFeed feed;
    private final Clock clock;
    private final Duration recent;

    AlertResource(Alerts alerts, AlertFeed feed, Clock clock, MonitorConfig config) {
        this.alerts = alerts;
        this.feed = feed;
        this.clock = clock;
        this.recent = config.alerts().recent();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open alerts, and alerts resolved and clocks warned at risk recently",
            description = "Recently means within homefirst.monitor.alerts.recent (7 days by default).")
    public AlertList list() {
        Instant since = clock.instant().minus(recent);
        List<Alerts.Alert> all = alerts.openAndResolvedSince(since);
        return new AlertList(all.stream().filter(a -> a.resolvedAt() == null).toList(),
                all.stream().filter(a -> a.resolvedAt() != null).toList(), alerts.warningsSince(since));
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Alerts as they happen, as server-sent events",
            description = "Each event is named after its CloudEvent type (TargetAlertRaised, TargetAlertResolved, "
                    + "ResponseAtRisk) and carries its data as JSON. A comment every 15 seconds keeps the connection "
                    + "open through proxies.")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> alertEvents = feed.events().map(event -> sse.newEventBuilder()
                .id(event.id())
                .name(shortName(event.type()))
                // The data is JSON already: sent as it is, not quoted again.
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(event.json())
                .build());
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(Duration.ofSeconds(15))
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(alertEvents, heartbeats);
    }

    /** {@code uk.nhs.homefirst.TargetAlertRaised.v1} is named TargetAlertRaised. */
    private static String shortName(String type) {
        if (type == null) {
            return "message";
        }
        String[] parts = type.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : type;
    }
}
