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
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.monitor.topology.MonitorSerdes;

/**
 * The hubs' names, as hub-allocation-service keeps them (the one list of hubs, with their
 * districts): read from its {@code GET /api/hubs} with the caller's own token, and kept for a while.
 * When it cannot be read the last names read stay, and it is tried again sooner ({@link #RETRY});
 * before any, the dashboard shows hub ids.
 */
@Singleton
public class HubDirectory {

    private static final Logger LOG = Logger.getLogger(HubDirectory.class);
    /** After a read that failed (hub-allocation-service slow or starting), the next is tried this soon. */
    static final Duration RETRY = Duration.ofSeconds(15);

    /** The names known, and when they were read; null before the first read. */
    public record Names(Map<String, String> byId, Instant readAt) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final MonitorConfig.HubDirectory config;
    private final List<String> configured;
    private final Clock clock;
    private volatile Names names = new Names(Map.of(), null);
    private volatile Instant nextTry = Instant.EPOCH;

    HubDirectory(MonitorConfig config, Clock clock) {
        this.config = config.hubDirectory();
        this.configured = List.copyOf(config.hubs());
        this.clock = clock;
    }

    /**
     * Every hub to show, in order, with its name (its id when none is known): the configured hubs,
     * then those hub-allocation-service lists besides, then UNALLOCATED.
     */
    public Map<String, String> hubs(String accessToken) {
        Names known = names(accessToken);
        Map<String, String> hubs = new LinkedHashMap<>();
        for (String id : configured) {
            hubs.put(id, known.byId().getOrDefault(id, id));
        }
        known.byId().forEach(hubs::putIfAbsent);
        hubs.put(ResponseClock.UNALLOCATED, "Not allocated to a hub");
        return hubs;
    }

    /** The names, read again first when they are older than the refresh period. */
    public Names names(String accessToken) {
        Instant now = clock.instant();
        if (config.url().isPresent() && !now.isBefore(nextTry)) {
            nextTry = now.plus(RETRY.compareTo(config.refresh()) < 0 ? RETRY : config.refresh());
            if (read(config.url().get(), accessToken, now)) {
                nextTry = now.plus(config.refresh());
            }
        }
        return names;
    }

    /** Reads the names; false when they could not be read. */
    private boolean read(URI base, String accessToken, Instant now) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/hubs")).timeout(Duration.ofSeconds(3))
                .header("Accept", "application/json").GET();
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("The hub names could not be read: %s answered %d", base, response.statusCode());
                return false;
            }
            Map<String, String> byId = new LinkedHashMap<>();
            for (JsonNode hub : MonitorSerdes.JSON.readTree(response.body())) {
                byId.put(hub.path("id").asText(), hub.path("name").asText(hub.path("id").asText()));
            }
            names = new Names(Map.copyOf(byId), now);
            return true;
        } catch (java.io.IOException e) {
            LOG.warnf("The hub names could not be read from %s: %s", base, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
