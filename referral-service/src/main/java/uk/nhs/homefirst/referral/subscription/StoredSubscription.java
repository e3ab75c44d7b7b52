package uk.nhs.homefirst.referral.subscription;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A FHIR Subscription as stored: one organisation's, never serialized (SubscriptionView maps it). */
@Entity
@Table(name = "fhir_subscription")
public class StoredSubscription extends PanacheEntityBase {

    /** Delivering; {@link #ERROR}: the last deliveries failed, and delivery goes on. */
    public static final String ACTIVE = "active";
    public static final String ERROR = "error";

    @Id
    public UUID id;
    public String odsCode;
    public String criteria;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] statuses;
    public String endpoint;
    /** The referrer's credentials for its own endpoint: never logged. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] headers;
    public boolean payload;
    public String reason;
    public String status;
    public String error;
    public Instant endAt;
    public Instant createdAt;
    public String createdBy;
}
