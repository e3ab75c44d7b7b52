package uk.nhs.homefirst.referral.subscription;

import ca.uhn.fhir.context.FhirContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    private static final String ENDED = "DELETE FROM subscription_notification WHERE subscription_id = ? AND referral_id = ?";

    private final AgroalDataSource dataSource;
    private final FhirContext fhir;
    private final SubscriptionConfig config;
    private final HttpClient http;

    SubscriptionDelivery(AgroalDataSource dataSource, FhirContext fhir, SubscriptionConfig config) {
        this.dataSource = dataSource;
        this.fhir = fhir;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A notification claimed for sending. */
    record Claimed(UUID subscriptionId, UUID referralId, int sequence, int attempts) {
    }

    /** What is sent: the request, or nothing when the subscription or its referral is gone or has ended. */
    record Prepared(HttpRequest request, String endpoint) {
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
                sending.add(new Sending(notification, prepared == null ? null
                        : http.sendAsync(prepared.request(), HttpResponse.BodyHandlers.discarding())));
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
    private record Sending(Claimed notification, CompletableFuture<HttpResponse<Void>> response) {
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
            HttpResponse<Void> response = sending.response().get();
            failure = response.statusCode() / 100 == 2 ? null : "The endpoint answered HTTP " + response.statusCode() + ".";
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof HttpTimeoutException
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
                || (subscription.endAt != null && !subscription.endAt.isAfter(java.time.Instant.now()))) {
            return null;
        }
        String endpoint = subscription.endpoint;
        HttpRequest.Builder request;
        if (subscription.payload) {
            String task = fhir.newJsonParser().encodeResourceToString(
                    TaskView.of(referral, TimelineEntry.of(referral.id)));
            String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
            request = HttpRequest.newBuilder(URI.create(base + "/Task/" + referral.id))
                    .header("Content-Type", FhirCodings.FHIR_JSON + "; charset=UTF-8")
                    .PUT(HttpRequest.BodyPublishers.ofString(task));
        } else {
            request = HttpRequest.newBuilder(URI.create(endpoint)).POST(HttpRequest.BodyPublishers.noBody());
        }
        for (String header : subscription.headers) {
            int colon = header.indexOf(':');
            request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return new Prepared(request.timeout(config.timeout()).build(), endpoint);
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
