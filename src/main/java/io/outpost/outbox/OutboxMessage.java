package io.outpost.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A message row for record-at-a-time work (look-ups, listing, cancel, retry). The body is not mapped:
 * those paths never need it, and the set-at-a-time paths (group commit, relay) use SQL directly.
 */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(insertable = false, updatable = false)
    public long seq;

    public String route;

    @Convert(converter = MessageStatusConverter.class)
    public MessageStatus status;

    public int priority;

    @Column(name = "ordering_key")
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

    @Column(name = "last_error")
    public String lastError;

    MessageRecord toRecord() {
        return new MessageRecord(id, route, status, priority, orderingKey, attempts, acceptedAt, nextAttemptAt,
                deliveredAt, expiresAt, lastStatus, lastError, seq);
    }
}
