package io.outpost.outbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A message row for record-at-a-time work (look-ups, listing, cancel, retry). The body is not mapped:
 * those paths never need it, and the set-at-a-time paths (group commit, relay) use SQL directly. The string
 * columns are PostgreSQL {@code text} (migration V1), said here so that schema validation (dev mode's, or
 * {@code schema-management.strategy=validate}) finds what the table has instead of {@code varchar(255)}.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(insertable = false, updatable = false)
    public long seq;

    @Column(columnDefinition = "text")
    public String route;

    @Column(columnDefinition = "text")
    @Convert(converter = MessageStatusConverter.class)
    public MessageStatus status;

    @JdbcTypeCode(SqlTypes.SMALLINT)
    public int priority;

    @Column(name = "ordering_key", columnDefinition = "text")
    public String orderingKey;

    public int attempts;

    @Column(name = "size")
    public int bodySize;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error", columnDefinition = "text")
    public String lastError;

    /** The columns {@link #record(Row)} reads, for the accept path's SQL (it selects rows, not entities). */
    static final String COLUMNS = "seq, id, route, status, priority, ordering_key, attempts, accepted_at, "
            + "next_attempt_at, delivered_at, expires_at, last_status, last_error";

    MessageRecord toRecord() {
        return new MessageRecord(id, route, status, priority, orderingKey, attempts, acceptedAt, nextAttemptAt,
                deliveredAt, expiresAt, lastStatus, lastError, seq);
    }

    /**
     * The same record from a SQL row of {@link #COLUMNS}: kept beside {@link #toRecord()} and the mapping
     * above, so that a message row becomes a {@code MessageRecord} in this class only.
     */
    static MessageRecord record(Row row) {
        return new MessageRecord(row.getUUID("id"), row.getString("route"),
                MessageStatus.fromWire(row.getString("status")), row.getInteger("priority"),
                row.getString("ordering_key"), row.getInteger("attempts"), instant(row.getOffsetDateTime("accepted_at")),
                instant(row.getOffsetDateTime("next_attempt_at")), instant(row.getOffsetDateTime("delivered_at")),
                instant(row.getOffsetDateTime("expires_at")), row.getInteger("last_status"), row.getString("last_error"),
                row.getLong("seq"));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
