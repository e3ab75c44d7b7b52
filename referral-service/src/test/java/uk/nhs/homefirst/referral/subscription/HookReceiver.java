package uk.nhs.homefirst.referral.subscription;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A referrer's system as a test stands it up: a real HTTP endpoint that records every notification
 * it receives, and can answer with an error or hold a request, as a system in trouble would; under
 * {@code /redirect} it answers 307 to elsewhere, which a notification must not follow.
 */
final class HookReceiver implements AutoCloseable {

    /** One request received. */
    record Received(String method, String path, String authorization, String contentType, String body, int answered) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int answer = 200;
    volatile CountDownLatch hold;
    final CountDownLatch held = new CountDownLatch(1);

    HookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CountDownLatch holding = hold;
            if (holding != null) {
                held.countDown();
                try {
                    holding.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int answered = exchange.getRequestURI().getPath().startsWith("/redirect") ? 307 : answer;
            if (answered == 307) {
                exchange.getResponseHeaders().add("Location", base() + "/elsewhere");
            }
            // Recorded once answered, so that a test reading it knows what the sender was told.
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, answered));
            exchange.sendResponseHeaders(answered, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String base() {
        // localhost: the one host the tests' allow-list names (homefirst.subscriptions.allowed-hosts).
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<Received> to(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public void close() {
        if (hold != null) {
            hold.countDown();
        }
        server.stop(0);
    }
}
