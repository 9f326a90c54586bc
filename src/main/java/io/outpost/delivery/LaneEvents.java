package io.outpost.delivery;

import java.time.Instant;
import java.util.UUID;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * What the senders of a lane ({@link SingleSender}, {@link BatchSender}) tell it about an attempt, so that the
 * lane alone keeps the count in flight, the window and the claim gate. Called on the lane's context only.
 */
interface LaneEvents {

    /** An attempt (a message, or a batch under its first member's id) went out: cancelled at a stop's bound. */
    void started(UUID id, Cancellable attempt);

    /** True when the attempt was cancelled at the stop bound: its answer counts no more. */
    boolean cancelled(UUID id);

    /** An attempt got an answer (or failed at the upstream) this long after it went out. */
    void answered(long nanos);

    /** An attempt's request slot is free again; {@code result} (its first member's) moves the window. */
    void ended(UUID id, int priority, AttemptResult result);

    /**
     * Results are in the store: {@code due} is the earliest retry among them (or null), and {@code freesWork}
     * says a claim may now find something (an ordering key's next message, or a write that failed).
     */
    void written(Instant due, boolean freesWork);
}
