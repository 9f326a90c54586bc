package io.outpost.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL again when it exits on its own. On a full disk PostgreSQL PANICs at the
 * first WAL write it cannot make, and its crash recovery fails for as long as the disk stays full, after
 * which the postmaster exits for good: without this the agent would answer 503 until restarted by hand,
 * long after space was freed. Retries back off to a minute while the start keeps failing.
 */
final class PostmasterWatch {

    private static final Logger LOG = Logger.getLogger(PostmasterWatch.class);
    private static final long CHECK_MS = 2000;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outpost-store-watch");
        t.setDaemon(true);
        return t;
    });
    private long backoffMs = CHECK_MS;
    private long nextTry;

    void start(EmbeddedStore store) {
        timer.scheduleWithFixedDelay(() -> check(store), CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void check(EmbeddedStore store) {
        if (!store.died() || System.nanoTime() - nextTry < 0) {
            return;
        }
        try {
            store.restart();
            LOG.warn("Embedded PostgreSQL is running again after it exited on its own");
            backoffMs = CHECK_MS;
        } catch (RuntimeException e) {
            LOG.errorf("Embedded PostgreSQL did not start again (a full disk? free some space under the data "
                    + "directory): %s; next try in %d s", e, backoffMs / 1000);
            nextTry = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }
}
