package uk.nhs.homefirst.monitor.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.monitor.config.MonitorConfig;

/** Hub names are read with the caller's token, kept for the refresh period, and tried again soon after a failure. */
class HubDirectoryTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-07T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aFailedReadIsTriedAgainAfterFifteenSecondsAndAGoodOneKeptForTheRefreshPeriod() throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer hubAllocation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hubAllocation.createContext("/api/hubs", exchange -> {
            reads.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "[{\"id\":\"charnwood-nwl\",\"name\":\"Charnwood & North West Leicestershire\"}]"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hubAllocation.start();
        try {
            TestClock clock = new TestClock();
            HubDirectory directory = new HubDirectory(config(URI.create("http://127.0.0.1:" + hubAllocation.getAddress().getPort())),
                    clock);

            assertThat(directory.hubs("token-1")).containsEntry("charnwood-nwl", "charnwood-nwl");
            assertThat(authorization.get()).isEqualTo("Bearer token-1");
            clock.now = clock.now.plusSeconds(10);
            status.set(200);
            directory.hubs("token-2");
            assertThat(reads).as("not again within 15 s of a failure").hasValue(1);

            clock.now = clock.now.plusSeconds(6);
            assertThat(directory.hubs("token-3")).containsEntry("charnwood-nwl", "Charnwood & North West Leicestershire");
            assertThat(authorization.get()).isEqualTo("Bearer token-3");
            assertThat(directory.names("token-3").readAt()).isEqualTo(clock.now);

            clock.now = clock.now.plus(Duration.ofMinutes(4));
            directory.hubs("token-4");
            assertThat(reads).as("kept for the refresh period").hasValue(2);
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            directory.hubs("token-5");
            assertThat(reads).hasValue(3);
        } finally {
            hubAllocation.stop(0);
        }
    }

    /** The monitor's configuration, as far as the directory reads it: the URL, a 5-minute refresh, one configured hub. */
    private static MonitorConfig config(URI url) {
        MonitorConfig.HubDirectory hubDirectory = (MonitorConfig.HubDirectory) Proxy.newProxyInstance(
                HubDirectoryTest.class.getClassLoader(), new Class<?>[] {MonitorConfig.HubDirectory.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "url" -> Optional.of(url);
                    case "refresh" -> Duration.ofMinutes(5);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (MonitorConfig) Proxy.newProxyInstance(HubDirectoryTest.class.getClassLoader(),
                new Class<?>[] {MonitorConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hubDirectory" -> hubDirectory;
                    case "hubs" -> List.of("charnwood-nwl");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
