package io.outpost.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The PostgreSQL server the agent runs for itself, with its data under {@code <data-dir>/pg}, on a port
 * chosen before it starts (config names it). One per JVM, started and found through {@link StoreStartup};
 * the shutdown of the application stops it, and {@link PostmasterWatch} starts it again if it dies.
 */
public final class EmbeddedStore {

    private static final Logger LOG = Logger.getLogger(EmbeddedStore.class);
    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private final Settings settings;
    private final int port;
    /** The server while it runs (started and not stopped, nor seen dead). */
    private PgServer server;
    /** The server exited on its own (a PANIC on a full disk, an OOM kill) and has not been started again. */
    private boolean died;

    EmbeddedStore(Settings settings, int port) {
        this.settings = settings;
        this.port = port;
    }

    /** What the embedded server needs to know; read from config before the application exists. */
    public record Settings(Path dataDir, int port, String sharedBuffers, int maxConnections, Duration startupTimeout) {
        Path pgData() {
            return dataDir.resolve("pg");
        }

        Path binaries() {
            return dataDir.resolve("pg-bin");
        }
    }

    Settings settings() {
        return settings;
    }

    /** The server this agent runs, or null on an external store (fleet mode tells the two apart by it). */
    public static EmbeddedStore current() {
        return StoreStartup.current();
    }

    public int port() {
        return port;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The user the agent connects to its embedded server as. */
    public String user() {
        return USER;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Starts the server again on the same port, after {@link #stop()}. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    /**
     * Whether the server exited without being stopped, and has not been started again. PostgreSQL stops for
     * good when crash recovery cannot write (its disk still full), and nothing but the agent would start it
     * again.
     */
    synchronized boolean died() {
        return died;
    }

    /** The postmaster, while it runs. */
    synchronized Optional<ProcessHandle> postmaster() {
        return server == null ? Optional.empty() : server.process();
    }

    /** Stops the server with a clean shutdown checkpoint ({@code pg_ctl stop -m fast}). Idempotent. */
    public synchronized void stop() {
        died = false; // stopped on purpose: nothing to start again
        if (server == null) {
            return;
        }
        try {
            server.stop();
            LOG.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        } finally {
            server = null;
        }
    }

    private void startServer() {
        try {
            DataDirLock.acquire(settings.dataDir()); // before anything in it is touched, the postmaster least
            StalePostmaster.stopIfRunning(settings.pgData());
            long t0 = System.nanoTime();
            PgServer pg = new PgServer(PgCommand.of(PgBinaries.prepare(settings.binaries())), settings.pgData(),
                    port, ServerSettings.forDevice(settings), settings.startupTimeout());
            pg.start();
            server = pg;
            died = false;
            pg.exit().thenAccept(status -> exited(pg, status));
            LOG.infof("Embedded PostgreSQL ready on 127.0.0.1:%d in %d ms (data in %s)", port,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), settings.pgData());
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start (data in " + settings.pgData() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Seen the moment the postmaster exits: it is this process's child, so the JDK reaps it and hands over
     * its status (one stopped on purpose is no longer {@link #server} by then). {@link PostmasterWatch}
     * starts it again.
     */
    private synchronized void exited(PgServer pg, int status) {
        if (server != pg) {
            return;
        }
        LOG.errorf("Embedded PostgreSQL (pid %d, exit status %d) exited without being stopped (a full disk, a crash, "
                + "a kill); the agent starts it again", pg.pid(), status);
        server = null;
        died = true;
    }
}
