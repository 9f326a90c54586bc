package io.outpost.outbox;

import java.time.Instant;

/** How many of a route's messages are waiting, in flight and dead, and when the oldest waiting one came in. */
public record RouteCounts(long queued, long delivering, long dead, Instant oldestQueuedAt) {

    public static final RouteCounts NONE = new RouteCounts(0, 0, 0, null);
}
