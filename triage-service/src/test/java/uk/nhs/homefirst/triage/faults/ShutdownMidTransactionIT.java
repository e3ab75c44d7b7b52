package uk.nhs.homefirst.triage.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Sql;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.platform.inbox.ProcessedEvents;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.triage.store.EarlyCancellation;

/**
 * The chaos suite's lost case (a graceful stop while a batch was applied): Hibernate ORM closed
 * while a transaction was open, and its commit wrote the outbox event and the processed marks, which
 * go straight to the connection, without the entities, which Hibernate writes at commit and no
 * longer did. Here the factory is closed inside the transaction, as the application's shutdown
 * task closed it; nothing of the transaction may commit. Its own application (a profile of its own),
 * as the ORM does not come back.
 */
@QuarkusTest
@TestProfile(ShutdownMidTransactionIT.OwnApplication.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class ShutdownMidTransactionIT {

    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @Inject
    Outbox outbox;
    @Inject
    ProcessedEvents processedEvents;
    @Inject
    SessionFactory sessionFactory;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aTransactionWhoseOrmClosedBeforeItCommittedCommitsNothing() {
        UUID referral = UUID.randomUUID();
        String delivered = UUID.randomUUID().toString();
        UUID[] announced = new UUID[1];

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            // As the Inbox applies a batch: the processed mark, an entity (written only at commit), the event.
            processedEvents.firstDeliveries("shutdown-test", List.of(delivered));
            EarlyCancellation cancellation = new EarlyCancellation();
            cancellation.referralId = referral;
            cancellation.cancelledAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            cancellation.reason = CancellationReason.PATIENT_ADMITTED;
            cancellation.recordedAt = cancellation.cancelledAt;
            cancellation.persist();
            announced[0] = outbox.append(Topics.ASSESSMENTS, referral.toString(), ReferralTriaged.TYPE,
                    cancellation.cancelledAt, Map.of("referralId", referral.toString()));
            // What stopping the application did meanwhile (HibernateOrmRecorder's shutdown task, JPAConfig.shutdown).
            sessionFactory.close();
        })).as("the commit fails").isInstanceOf(RuntimeException.class);

        assertThat(Sql.count(dataSource, "SELECT count(*) FROM early_cancellation WHERE referral_id = ?",
                referral)).isZero();
        assertThat(Sql.count(dataSource, "SELECT count(*) FROM outbox_event WHERE event_id = ?", announced[0]))
                .as("the event is not published without its case").isZero();
        assertThat(Sql.count(dataSource,
                "SELECT count(*) FROM processed_event WHERE consumer = 'shutdown-test' AND event_id = ?",
                delivered)).as("the event is not marked applied, so its redelivery is applied").isZero();
    }
}
