package io.outpost.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How far one reader of the change feed may go without skipping a change still to be committed. Change
 * numbers come from a sequence, which is not transactional: a transaction can take number 10, another 11 and
 * commit first, and a reader that moved past 11 would never see 10. So each read also takes the snapshot's
 * open transactions: one seen open for the first time had no id at the previous read, and since every writer
 * takes its transaction id before a number (migrations V14, V16), all its numbers are above the highest
 * number that read saw (its floor). The reader goes no further than the lowest floor of the transactions still open; they commit
 * in milliseconds, so the hold is short.
 *
 * <p>A transaction open longer than {@link #SETTLE} (an idle session of another application on a shared
 * store, say) stops holding readers back: waiting for it would stall every reader. Should it then commit a
 * change of a message, a reader already past its number misses that state, and learns the message's next.
 * Pure: fed the reads and a clock, not thread-safe (one reader's).
 */
public final class ChangeHorizon {

    static final Duration SETTLE = Duration.ofSeconds(30);

    private record Open(long floor, Instant since) {
    }

    private final Clock clock;
    private final Map<Long, Open> open = new HashMap<>();
    private long lastTop;

    /**
     * {@code start}: the position the reader starts from. A resumed reader's position was served under a
     * horizon, so nothing still open then could commit below it.
     */
    public ChangeHorizon(Clock clock, long start) {
        this.clock = clock;
        this.lastTop = start;
    }

    /**
     * Takes one read's snapshot: the ids of the transactions open in it and the highest change number it
     * saw ({@code top}). Returns the horizon: changes numbered up to it can be served.
     */
    public long observe(Set<Long> openIds, long top) {
        Instant now = clock.instant();
        open.keySet().retainAll(openIds);
        for (Long id : openIds) {
            open.putIfAbsent(id, new Open(lastTop, now));
        }
        long horizon = top;
        Instant settled = now.minus(SETTLE);
        for (Open o : open.values()) {
            if (o.since().isAfter(settled)) {
                horizon = Math.min(horizon, o.floor());
            }
        }
        lastTop = Math.max(lastTop, top);
        return horizon;
    }

}
