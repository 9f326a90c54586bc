package io.outpost.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** Limits and housekeeping of the durable outbox ({@code outpost.outbox.*}). */
public interface OutboxConfig {

    /** Largest accepted message body; a bigger one is refused with 413. Units: {@code K}, {@code M}. */
    @WithDefault("1M")
    MemorySize maxMessageSize();

    /**
     * Most messages the outbox holds at once (at least 1). Held means queued, delivering, dead or expired: everything
     * that still has its body. Delivered and cancelled records keep only their metadata and do not count.
     */
    @WithDefault("1000000")
    long maxMessages();

    /** Most body bytes the outbox holds at once, counted like {@code max-messages}. */
    @WithDefault("1G")
    MemorySize maxBytes();

    /**
     * What a full outbox does with a new message: {@code reject} answers 507; {@code drop-oldest} evicts
     * the oldest held messages; {@code drop-lowest-priority} evicts the least urgent ones (never more
     * urgent than the new message, else it is refused with 507). Evicted messages become
     * {@code cancelled}; their ids are logged and counted.
     */
    @WithDefault("reject")
    FullPolicy fullPolicy();

    /**
     * How long delivered and cancelled records stay visible through {@code GET /v1/messages/{id}}, and
     * records of stream frames once sent ({@code GET /v1/streams/{name}/messages/{id}}); their
     * idempotency keys are honoured as long.
     */
    @WithDefault("7d")
    Duration retention();

    /** How long dead and expired messages (with their bodies) are kept for inspection and retry. */
    @WithDefault("30d")
    Duration deadRetention();

    /**
     * Most messages committed in one transaction (1-10000). Concurrent accepts are grouped so that many share
     * one commit and one WAL flush.
     */
    @WithDefault("512")
    int commitBatchSize();

    /**
     * Longest an accept waits for its commit before answering 503 with {@code Retry-After}. Keeps the
     * API prompt when the store hangs.
     */
    @WithDefault("1500ms")
    Duration commitTimeout();

    /** Policies for {@code outpost.outbox.full-policy}. */
    enum FullPolicy {
        REJECT,
        DROP_OLDEST,
        DROP_LOWEST_PRIORITY
    }
}
