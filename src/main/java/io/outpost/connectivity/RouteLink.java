package io.outpost.connectivity;

import java.time.Instant;

/**
 * One route's reachability, from what its traffic and probes show. Pure: the caller passes the time.
 * Reachable until {@code threshold} connection failures in a row; reachable again at the first answer.
 * It also remembers the outcome of the last 20 requests for the failure ratio, from the route's return on: the
 * failures that took it down, and the probes that failed while it was down, say nothing of how it fares now.
 */
final class RouteLink {

    private static final int WINDOW = 20;

    private final int threshold;
    private boolean reachable = true;
    private int consecutiveFailures;
    private final boolean[] recent = new boolean[WINDOW];
    private int recorded;
    private Instant lastCheckAt;
    private Instant since;
    private long latencyMillis = -1;
    private String lastError;

    RouteLink(int threshold, Instant now) {
        this.threshold = threshold;
        this.since = now;
    }

    /** An answer arrived; true if this brings the route back. */
    boolean answered(Instant now, long latency) {
        if (!reachable) {
            recorded = 0;
        }
        record(true);
        consecutiveFailures = 0;
        lastCheckAt = now;
        latencyMillis = latency;
        lastError = null;
        if (!reachable) {
            reachable = true;
            since = now;
            return true;
        }
        return false;
    }

    /** A request or probe could not reach the upstream; true if this takes the route down. */
    boolean failed(Instant now, String error) {
        record(false);
        consecutiveFailures++;
        lastCheckAt = now;
        lastError = error;
        if (reachable && consecutiveFailures >= threshold) {
            reachable = false;
            since = now;
            return true;
        }
        return false;
    }

    /** A failed request that still got an answer (an error status): counts for the ratio only. */
    void answeredWithError() {
        record(false);
    }

    private void record(boolean ok) {
        recent[recorded++ % WINDOW] = ok;
    }

    double failureRatio() {
        int n = Math.min(recorded, WINDOW);
        if (n == 0) {
            return 0;
        }
        int failures = 0;
        for (int i = 0; i < n; i++) {
            failures += recent[i] ? 0 : 1;
        }
        return (double) failures / n;
    }

    boolean reachable() {
        return reachable;
    }

    Instant since() {
        return since;
    }

    Instant lastCheckAt() {
        return lastCheckAt;
    }

    long latencyMillis() {
        return latencyMillis;
    }

    String lastError() {
        return lastError;
    }
}
