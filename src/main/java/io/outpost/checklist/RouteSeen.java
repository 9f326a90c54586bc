package io.outpost.checklist;

import java.time.Duration;
import java.time.Instant;

import io.outpost.budget.Budget;

/**
 * What the agent observed of one route: from its traffic since start (null: never), and what the outbox
 * holds for it now.
 *
 * @param last429At the latest 429 answer
 * @param circuitOpenedAt the latest time its circuit breaker opened
 * @param circuit the breaker now: {@code closed}, {@code open} or {@code half-open}
 * @param lastLargeBodyAt the latest request body of 1 KiB or more that was not already encoded
 * @param waiting messages queued or being delivered
 * @param withoutTtl of those, how many have no TTL
 * @param nearTtl of those, how many have less than a fifth of their TTL left
 * @param shortestTtl the shortest TTL among them; null when none has one
 * @param dead dead messages kept for inspection
 * @param budget its byte budget as it stands; null when it has none
 */
record RouteSeen(Instant last429At, Instant circuitOpenedAt, String circuit, Instant lastLargeBodyAt,
        long waiting, long withoutTtl, long nearTtl, Duration shortestTtl, long dead, Budget.View budget) {

    static final RouteSeen NOTHING = new RouteSeen(null, null, "closed", null, 0, 0, 0, null, 0, null);
}
