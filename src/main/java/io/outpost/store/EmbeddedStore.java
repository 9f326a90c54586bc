package io.outpost.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * The PostgreSQL server the agent runs for itself, with its data under {@code <data-dir>/pg}. One per JVM:
 * the config source that needs its port starts it, the shutdown of the application stops it. The server
 * starts in the background on a port chosen up front, so that its start overlaps the application's;
 * the first user of the store (the migrations) waits for it with {@link #awaitStarted()}.
 */
public final class EmbeddedStore {

    private static final Logger LOG = Logger.getLogger(EmbeddedStore.class);
    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private static EmbeddedStore current;
    private static volatile boolean managed;

    private final Settings settings;
    /** The server while it runs (started and not stopped, nor found dead). */
    private PgServer server;
    private ProcessHandle postmaster;
    /** The server exited on its own (a PANIC on a full disk, an OOM kill) and has not been started again. */
    private boolean died;
    private int port;
    private CompletableFuture<Void> started;

    private EmbeddedStore(Settings settings) {
        this.settings = settings;
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

    /** Starts the server for these settings (in the background), or returns the one already there for them. */
    public static synchronized EmbeddedStore start(Settings settings) {
        if (current != null && current.settings.equals(settings) && !current.failed()) {
            if (current.started.isDone()) {
                current.restart(); // a no-op unless something stopped it
            }
            return current;
        }
        if (current != null) {
            current.stop();
        }
        EmbeddedStore store = new EmbeddedStore(settings);
        store.port = settings.port() != 0 ? settings.port() : freePort();
        store.started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                store.restart();
                store.started.complete(null);
            } catch (RuntimeException | Error e) {
                store.started.completeExceptionally(e);
            }
        }, "outpost-store-start");
        starter.setDaemon(true);
        starter.start();
        current = store;
        // If the application never starts (a bad config, a failed migration), nothing else would stop the
        // server; once it has started, its own shutdown does, in order.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!managed) {
                store.stop();
            }
        }, "outpost-store-stop"));
        return store;
    }

    /** The application has started and will stop the server itself on shutdown. */
    static void markManaged() {
        managed = true;
    }

    /** The running server, if the agent started one. */
    public static synchronized EmbeddedStore current() {
        return current;
    }

    /** Waits until the server started in the background is up; rethrows why it could not start. */
    public static void awaitStarted() {
        EmbeddedStore store = current();
        if (store == null) {
            return;
        }
        try {
            store.started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private boolean failed() {
        return started.isCompletedExceptionally();
    }

    /** PostgreSQL gets a port that was free a moment ago, chosen before the start so that config can name it. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the embedded PostgreSQL", e);
        }
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
     * Whether the server exited without being stopped. PostgreSQL stops for good when crash recovery
     * cannot write (its disk still full), and nothing but the agent would start it again.
     */
    synchronized boolean died() {
        if (server != null && postmaster != null && !postmaster.isAlive()) {
            LOG.errorf("Embedded PostgreSQL (pid %d) exited without being stopped (a full disk, a crash, a kill); "
                    + "the agent starts it again", postmaster.pid());
            server = null;
            postmaster = null;
            died = true;
        }
        return died;
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
            postmaster = null;
        }
    }

    private void startServer() {
        try {
            DataDirLock.acquire(settings.dataDir()); // before anything in it is touched, the postmaster least
            StalePostmaster.stopIfRunning(settings.pgData());
            long t0 = System.nanoTime();
            PgServer pg = new PgServer(PgBinaries.prepare(settings.binaries()), settings.pgData());
            pg.initIfNeeded(USER);
            pg.start(port, ServerSettings.forDevice(settings), settings.startupTimeout());
            server = pg;
            postmaster = Postmaster.running(settings.pgData()).orElse(null);
            died = false;
            LOG.infof("Embedded PostgreSQL ready on 127.0.0.1:%d in %d ms (data in %s)", port,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), settings.pgData());
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start (data in " + settings.pgData() + ")", e);
        }
    }
}
