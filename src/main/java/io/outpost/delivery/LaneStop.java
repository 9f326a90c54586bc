package io.outpost.delivery;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.vertx.core.Context;

/**
 * A lane's clean stop: done once nothing is in flight and no claim is out, or at the bound, when the attempts
 * still on their way are cancelled (their claims are then handed back with the rest, by the relay's release
 * of this agent's claims). Used on the lane's context only.
 */
final class LaneStop {

    private static final Logger LOG = Logger.getLogger(LaneStop.class);

    private final String route;
    private final Context context;
    private final InFlight inFlight;
    private final Attempts attempts;
    private final LaneClaims claims;
    /** Set by {@link #begin}: completes once nothing is in flight and no claim is out. */
    private CompletableFuture<Void> drained;

    LaneStop(String route, Context context, InFlight inFlight, Attempts attempts, LaneClaims claims) {
        this.route = route;
        this.context = context;
        this.inFlight = inFlight;
        this.attempts = attempts;
        this.claims = claims;
    }

    /** Starts the stop; the lane has stopped claiming and handed back what waited ready. */
    void begin(Duration bound, CompletableFuture<Void> done) {
        drained = done;
        check();
        if (!done.isDone()) {
            context.owner().setTimer(Math.max(1, bound.toMillis()), id -> cancelInFlight());
        }
    }

    /** Completes the stop if one is under way and the lane is idle: after every answer and claim. */
    void check() {
        if (drained != null && inFlight.size() == 0 && !claims.out()) {
            drained.complete(null);
        }
    }

    private void cancelInFlight() {
        if (drained.isDone()) {
            return;
        }
        LOG.warnf("Route %s: %d attempt(s) still in flight at the end of the stop bound are cancelled and handed "
                + "back", route, attempts.size());
        attempts.cancelAll();
        inFlight.clear();
        claims.abandon();
        check();
    }
}
