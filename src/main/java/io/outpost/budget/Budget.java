package io.outpost.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.outpost.config.ByteBudget;

/**
 * One route's byte budget: fixed windows of the period, counted in UTC from 1970-01-01T00:00Z (so {@code 1d} is the
 * UTC day, {@code 1h} the hour), rather than a rolling window: one figure per window is one row in the store, its
 * reset time is plain to show, and a charge from any agent is one atomic addition. While the window's spent amount
 * is under the limit every message may go; once it is reached, only those of {@code reservePriority} or more urgent.
 * A request is charged after it went out, so the budget is passed by at most the requests in flight when it runs out.
 *
 * <p>Until the store's figure for the window is known (just after start), only the reserve may go: a restart must
 * not hand out the budget again. Pure and thread-safe; time comes from the clock.
 */
public final class Budget {

    /** What a route's budget shows. */
    public record View(long limit, long spent, Duration period, Instant periodStart, Instant resetsAt,
            int reservePriority) {
    }

    private final ByteBudget limit;
    private final int reservePriority;
    private final Clock clock;
    private Instant periodStart;
    private long spent;
    private boolean known;

    Budget(ByteBudget limit, int reservePriority, Clock clock) {
        this.limit = limit;
        this.reservePriority = reservePriority;
        this.clock = clock;
        this.known = limit == null;
    }

    /** A route without a budget: everything may go. */
    static Budget none() {
        return new Budget(null, 9, Clock.systemUTC());
    }

    public boolean limited() {
        return limit != null;
    }

    /** Whether every message may be sent now, the least urgent (priority 9) included. */
    public boolean allowsAll() {
        return allows(9);
    }

    /** Whether a message of {@code priority} (0 most urgent) may be sent now. */
    public synchronized boolean allows(int priority) {
        if (limit == null || priority <= reservePriority) {
            return true;
        }
        roll();
        return known && spent < limit.bytes();
    }

    /**
     * Until when a message the budget refuses waits: the end of the window, or null while the spent amount is not
     * known yet (ask again shortly).
     */
    public synchronized Instant heldUntil() {
        if (limit == null) {
            return null;
        }
        roll();
        return known ? periodStart.plus(limit.period()) : null;
    }

    /** {@code bytes} went out now. */
    synchronized void charge(long bytes) {
        if (limit != null) {
            roll();
            spent += bytes;
        }
    }

    /** The window a charge made now belongs to. */
    synchronized Instant periodStart() {
        roll();
        return periodStart;
    }

    /**
     * The store's figure: {@code total} spent in the window starting at {@code start} by every agent. It may lag
     * this agent's own charges still on their way, so the larger of the two is kept. A figure of an earlier window
     * means nothing is spent in this one yet.
     */
    synchronized void stored(Instant start, long total) {
        if (limit == null) {
            return;
        }
        roll();
        if (start.equals(periodStart)) {
            spent = Math.max(spent, total);
        }
        if (!start.isAfter(periodStart)) {
            known = true;
        }
    }

    /** The store holds nothing for this route: nothing was ever spent. */
    synchronized void nothingStored() {
        known = true;
    }

    public synchronized View view() {
        if (limit == null) {
            return null;
        }
        roll();
        return new View(limit.bytes(), spent, limit.period(), periodStart, periodStart.plus(limit.period()),
                reservePriority);
    }

    /** Starts the count again when the clock has moved into another window (either way). */
    private void roll() {
        Instant start = windowStart(clock.instant(), limit.period());
        if (!start.equals(periodStart)) {
            periodStart = start;
            spent = 0;
        }
    }

    static Instant windowStart(Instant now, Duration period) {
        long p = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), p) * p);
    }
}
