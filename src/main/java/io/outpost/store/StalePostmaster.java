package io.outpost.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A postmaster left behind by an agent that died by SIGKILL. The server runs in a session of its own, and
 * nothing ends a child with its parent, so it outlives the JVM and keeps the data directory; the next start
 * must stop it first.
 */
final class StalePostmaster {

    private static final Logger LOG = Logger.getLogger(StalePostmaster.class);
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private StalePostmaster() {
    }

    static void stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        Optional<Long> named = Postmaster.pid(pgData);
        if (named.isEmpty()) {
            return;
        }
        long pid = named.get();
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(StalePostmaster::isPostgres);
        if (process.isEmpty()) {
            // After a reboot or in a fresh container the pid may now belong to something else, which
            // postgres would take for a live postmaster and refuse to start.
            Files.deleteIfExists(pidFile);
            return;
        }
        LOG.warnf("PostgreSQL (pid %d) from an earlier agent still holds %s; stopping it", pid, pgData);
        // SIGTERM is PostgreSQL's smart shutdown: it waits for clients, and the dead agent's connections are
        // already gone. Unlike pg_ctl it needs no binary and works whoever runs the agent (pg_ctl refuses root).
        process.get().destroy();
        try {
            process.get().onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL pid " + pid + " did not stop; it still holds " + pgData, e);
        }
    }

    private static boolean isPostgres(ProcessHandle p) {
        return p.isAlive() && p.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }
}
