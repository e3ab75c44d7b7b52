package uk.nhs.homefirst.referral.subscription;

import ca.uhn.fhir.context.FhirContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.referral.fhir.FhirCodings;
import uk.nhs.homefirst.referral.fhir.TaskView;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * Delivers the notifications owed to subscriptions ({@link Notifications}), apart from the changes
 * that owe them: on its own thread, with its own short transactions, so that a slow or failing
 * endpoint never holds up intake or the consumers. Each notification is the referral's Task as it
 * stands when sent (HAPI's model and parser): with payload, PUT to {@code <endpoint>/Task/<id>}, as
 * an R4 rest-hook with a payload is; without, an empty POST to the endpoint. A failure leaves the
 * notification owed, retried with a doubling pause; after {@code error-after} failures in a row the
 * Subscription's status is {@code error}, and delivery goes on until it succeeds, the subscription
 * ends or is deleted. A claimed notification is leased, so that another instance does not send it
 * meanwhile; an instance that dies while sending leaves it to be sent again after the lease.
 * Before each send the endpoint's host is resolved and judged ({@link EndpointPolicy}) and the
 * connection goes to the address judged; a forbidden one gets nothing, the notification is dropped
 * and the Subscription records why (status error). Redirects are never followed.
 */
@ApplicationScoped
public class SubscriptionDelivery {

    private static final Logger LOG = Logger.getLogger(SubscriptionDelivery.class);

    private static final String CLAIM = """
            UPDATE subscription_notification n
               SET due_at = now() + make_interval(secs => ?), attempts = n.attempts + 1
              FROM (SELECT subscription_id, referral_id FROM subscription_notification
                     WHERE due_at <= now() ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) due
             WHERE n.subscription_id = due.subscription_id AND n.referral_id = due.referral_id
            RETURNING n.subscription_id, n.referral_id, n.sequence, n.attempts
            """;
    private static final String DELIVERED = """
            DELETE FROM subscription_notification WHERE subscription_id = ? AND referral_id = ? AND sequence = ?
            """;
    // A change that came while the notification was being sent: the new Task is owed at once.
    private static final String OWED_AGAIN = """
            UPDATE subscription_notification SET due_at = now(), attempts = 0, last_error = NULL
             WHERE subscription_id = ? AND referral_id = ?
            """;
    private static final String ACTIVE_AGAIN = """
            UPDATE fhir_subscription SET status = 'active', error = NULL WHERE id = ? AND status = 'error'
            """;
    private static final String FAILED = """
            UPDATE subscription_notification SET due_at = now() + make_interval(secs => ?), last_error = ?
             WHERE subscription_id = ? AND referral_id = ?
            """;
    private static final String IN_ERROR = "UPDATE fhir_subscription SET status = 'error', error = ? WHERE id = ?";
    private static final String REFUSED = "UPDATE fhir_subscription SET status = 'error', error = ? WHERE id = ?";
    private static final String ENDED = "DELETE FROM subscription_notification WHERE subscription_id = ? AND referral_id = ?";

    private final AgroalDataSource dataSource;
    private final FhirContext fhir;
    private final SubscriptionConfig config;
    private final EndpointPolicy policy;
    private final HttpClient http;
    private final Clock clock;

    SubscriptionDelivery(AgroalDataSource dataSource, FhirContext fhir, SubscriptionConfig config, Vertx vertx, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.fhir = fhir;
        this.config = config;
        this.policy = new EndpointPolicy(config.allowedHosts().orElse(List.of()));
        // Vert.x's client, because it connects to an address given apart from the host name (the one
        // judged), while TLS still verifies the certificate against the host name.
        this.http = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setForceSni(true)
                .setMaxPoolSize(Math.max(1, config.batchSize())).setConnectTimeout((int) config.timeout().toMillis()));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** A notification claimed for sending. */
    record Claimed(UUID subscriptionId, UUID referralId, int sequence, int attempts) {
    }

    /** What is sent: the request, or nothing when the subscription or its referral is gone or has ended. */
    record Prepared(HttpMethod method, URI uri, List<String> headers, String body) {
    }

    @Scheduled(every = "${homefirst.subscriptions.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverOwed() {
        List<Claimed> claimed;
        try {
            claimed = claim();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("No notifications claimed this time: %s", e.toString());
            return;
        }
        // Sent all at once, then settled: an endpoint that hangs holds up a poll by one timeout, never
        // the other subscriptions' notifications one after the other.
        List<Sending> sending = new ArrayList<>(claimed.size());
        for (Claimed notification : claimed) {
            try {
                Prepared prepared = QuarkusTransaction.requiringNew().call(() -> prepare(notification));
                sending.add(new Sending(notification, prepared == null ? null : send(prepared)));
            } catch (RuntimeException e) {
                // Its lease runs out and it is claimed again: nothing is lost.
                LOG.warnf("Notification of subscription %s not prepared: %s", notification.subscriptionId(), e.toString());
            }
        }
        for (Sending s : sending) {
            try {
                settle(s);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("Notification of subscription %s not settled: %s", s.notification().subscriptionId(), e.toString());
            }
        }
    }

    /** A notification on its way, or null when there is nothing to send (its subscription or referral is gone). */
    private record Sending(Claimed notification, CompletableFuture<Integer> response) {
    }

    /** The status code the endpoint answered, once the host's addresses now are judged allowed. */
    CompletableFuture<Integer> send(Prepared prepared) {
        URI uri = prepared.uri();
        InetAddress address;
        try {
            address = policy.allowed(uri) ? InetAddress.getByName(uri.getHost()) : policy.addressFor(uri);
        } catch (EndpointPolicy.Refused | UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timeout = config.timeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(prepared.method()).setSsl(ssl)
                .setHost(uri.getHost()).setPort(port).setURI(path)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setFollowRedirects(false).setConnectTimeout(timeout).setIdleTimeout(timeout);
        if (prepared.body() != null) {
            options.putHeader("Content-Type", FhirCodings.FHIR_JSON + "; charset=UTF-8");
        }
        for (String header : prepared.headers()) {
            int colon = header.indexOf(':');
            options.putHeader(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return http.request(options)
                .compose(request -> prepared.body() == null ? request.send() : request.send(prepared.body()))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .toCompletionStage().toCompletableFuture().orTimeout(timeout, TimeUnit.MILLISECONDS);
    }

    List<Claimed> claim() throws SQLException {
        // Long enough for a send and its settling; then, if this instance died meanwhile, another sends it.
        long lease = config.timeout().multipliedBy(2).plusSeconds(10).toSeconds();
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setLong(1, lease);
            claim.setInt(2, config.batchSize());
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    claimed.add(new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                            rs.getInt(4)));
                }
            }
        }
        return claimed;
    }

    private void settle(Sending sending) throws SQLException {
        Claimed notification = sending.notification();
        if (sending.response() == null) {
            settle(ENDED, notification);
            return;
        }
        String failure;
        try {
            int status = sending.response().get();
            failure = status / 100 == 2 ? null : "The endpoint answered HTTP " + status + ".";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EndpointPolicy.Refused refused) {
                refused(notification, refused.getMessage());
                return;
            }
            failure = e.getCause() instanceof TimeoutException || e.getCause().getClass().getSimpleName().contains("Timeout")
                    ? "The endpoint did not answer within " + config.timeout().toSeconds() + " s."
                    : "The endpoint could not be reached (" + e.getCause().getClass().getSimpleName() + ").";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (failure == null) {
            delivered(notification);
        } else {
            failed(notification, failure);
        }
    }

    /** The request for the notification, made from the Task as it stands now. */
    Prepared prepare(Claimed notification) {
        StoredSubscription subscription = StoredSubscription.findById(notification.subscriptionId());
        Referral referral = Referral.findById(notification.referralId());
        if (subscription == null || referral == null
                || (subscription.endAt != null && !subscription.endAt.isAfter(clock.instant()))) {
            return null;
        }
        String endpoint = subscription.endpoint;
        List<String> headers = List.of(subscription.headers);
        if (subscription.payload) {
            String task = fhir.newJsonParser().encodeResourceToString(
                    TaskView.of(referral, TimelineEntry.of(referral.id)));
            String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
            return new Prepared(HttpMethod.PUT, URI.create(base + "/Task/" + referral.id), headers, task);
        }
        return new Prepared(HttpMethod.POST, URI.create(endpoint), headers, null);
    }

    private void delivered(Claimed notification) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement(DELIVERED)) {
                delete.setObject(1, notification.subscriptionId());
                delete.setObject(2, notification.referralId());
                delete.setInt(3, notification.sequence());
                deleted = delete.executeUpdate();
            }
            if (deleted == 0) {
                try (PreparedStatement again = connection.prepareStatement(OWED_AGAIN)) {
                    again.setObject(1, notification.subscriptionId());
                    again.setObject(2, notification.referralId());
                    again.executeUpdate();
                }
            }
            try (PreparedStatement active = connection.prepareStatement(ACTIVE_AGAIN)) {
                active.setObject(1, notification.subscriptionId());
                active.executeUpdate();
            }
        }
    }

    private void failed(Claimed notification, String failure) throws SQLException {
        Duration pause = backoff(notification.attempts());
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement failed = connection.prepareStatement(FAILED)) {
                failed.setDouble(1, pause.toMillis() / 1000.0);
                failed.setString(2, failure);
                failed.setObject(3, notification.subscriptionId());
                failed.setObject(4, notification.referralId());
                failed.executeUpdate();
            }
            if (notification.attempts() >= config.errorAfter()) {
                try (PreparedStatement error = connection.prepareStatement(IN_ERROR)) {
                    error.setString(1, failure + " Delivery is retried; " + notification.attempts()
                            + " attempts have failed in a row.");
                    error.setObject(2, notification.subscriptionId());
                    error.executeUpdate();
                }
            }
        }
        LOG.infof("Notification of subscription %s failed (attempt %d), next in %s: %s", notification.subscriptionId(),
                notification.attempts(), pause, failure);
    }

    /** Sent nowhere, and not again: the endpoint's host resolves where notifications may not go. */
    private void refused(Claimed notification, String why) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement error = connection.prepareStatement(REFUSED)) {
                error.setString(1, why + " Nothing was sent; this notification is dropped.");
                error.setObject(2, notification.subscriptionId());
                error.executeUpdate();
            }
            try (PreparedStatement dropped = connection.prepareStatement(ENDED)) {
                dropped.setObject(1, notification.subscriptionId());
                dropped.setObject(2, notification.referralId());
                dropped.executeUpdate();
            }
        }
        LOG.warnf("Notification of subscription %s refused: its endpoint's host resolves to an address not allowed",
                notification.subscriptionId());
    }

    private void settle(String statement, Claimed notification) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement settle = connection.prepareStatement(statement)) {
            settle.setObject(1, notification.subscriptionId());
            settle.setObject(2, notification.referralId());
            settle.executeUpdate();
        }
    }

    /** The pause after the n-th failure in a row: the initial pause, doubled each time, at most the maximum. */
    Duration backoff(int attempts) {
        Duration pause = config.backoffInitial();
        for (int i = 1; i < attempts && pause.compareTo(config.backoffMax()) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : pause;
    }
}
