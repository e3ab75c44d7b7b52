package uk.nhs.homefirst.monitor.hub;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.monitor.topology.MonitorSerdes;

/**
 * The hubs' names, as hub-allocation-service keeps them (the one list of hubs, with their
 * districts): read from its {@code GET /api/hubs} with the caller's own token, and kept for a while.
 * When it cannot be read the last names read stay; before any, the dashboard shows hub ids.
 */
@Singleton
public class HubDirectory {

    private static final Logger LOG = Logger.getLogger(HubDirectory.class);

    /** The names known, and when they were read; null before the first read. */
    public record Names(Map<String, String> byId, Instant readAt) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final MonitorConfig.HubDirectory config;
    private final Clock clock;
    private volatile Names names = new Names(Map.of(), null);
    private volatile Instant lastTried = Instant.EPOCH;

    HubDirectory(MonitorConfig config, Clock clock) {
        this.config = config.hubDirectory();
        this.clock = clock;
    }

    /** The names, read again first when they are older than the refresh period. */
    public Names names(String accessToken) {
        Instant now = clock.instant();
        if (config.url().isPresent() && lastTried.plus(config.refresh()).isBefore(now)) {
            lastTried = now;
            read(config.url().get(), accessToken, now);
        }
        return names;
    }

    private void read(URI base, String accessToken, Instant now) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/hubs")).timeout(Duration.ofSeconds(3))
                .header("Accept", "application/json").GET();
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("The hub names could not be read: %s answered %d", base, response.statusCode());
                return;
            }
            Map<String, String> byId = new LinkedHashMap<>();
            for (JsonNode hub : MonitorSerdes.JSON.readTree(response.body())) {
                byId.put(hub.path("id").asText(), hub.path("name").asText(hub.path("id").asText()));
            }
            names = new Names(Map.copyOf(byId), now);
        } catch (java.io.IOException e) {
            LOG.warnf("The hub names could not be read from %s: %s", base, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
