package io.outpost.api;

import java.time.Instant;
import java.util.List;

import io.outpost.outbox.MessageRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** JSON shapes of messages in the local API. */
final class MessageJson {

    private MessageJson() {
    }

    /** The 202 answer to an accept. */
    @RegisterForReflection
    record Accepted(String id, String route, String status, int priority, String orderingKey, Instant acceptedAt,
            Instant expiresAt) {
        static Accepted of(MessageRecord m) {
            return new Accepted(m.id().toString(), m.route(), m.status().wire(), m.priority(), m.orderingKey(),
                    m.acceptedAt(), m.expiresAt());
        }
    }

    /** A message's full state ({@code GET /v1/messages/{id}}). */
    @RegisterForReflection
    record Message(String id, String route, String status, int priority, String orderingKey, int attempts,
            Instant acceptedAt, Instant nextAttemptAt, Instant deliveredAt, Instant expiresAt, Integer lastStatus,
            String lastError) {
        static Message of(MessageRecord m) {
            return new Message(m.id().toString(), m.route(), m.status().wire(), m.priority(), m.orderingKey(),
                    m.attempts(), m.acceptedAt(), m.nextAttemptAt(), m.deliveredAt(), m.expiresAt(), m.lastStatus(),
                    m.lastError());
        }
    }

    /**
     * A page of {@code GET /v1/messages}. {@code next} is the cursor to pass as {@code after} for the
     * following page (null on an empty page: keep the cursor you had).
     */
    @RegisterForReflection
    record Page(List<Message> items, String next, boolean hasMore) {
    }
}
