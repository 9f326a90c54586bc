package io.outpost.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * One PostgreSQL server on one data directory, run from the unpacked binaries: the cluster created at the
 * first start, the postmaster started as a child of this process, stopped with a fast shutdown.
 *
 * <p>Why the postmaster is this process's child and not pg_ctl's: in the container image the JVM is PID 1,
 * and a server started by {@code pg_ctl start} is handed to PID 1 when pg_ctl exits. The JVM never reaps
 * what it did not start, so a server that died stayed a zombie, which Java reports alive, and the watch
 * never started it again. As a child it is reaped and its exit seen at once, with its status. Its
 * arguments also reach it as given, where {@code pg_ctl -o} passes them through a shell. Ready is what
 * {@code pg_ctl -w} waits for too: the status line of {@code postmaster.pid}.
 */
final class PgServer {

    private static final Logger LOG = Logger.getLogger(PgServer.class);
    /** A shutdown checkpoint of up to max_wal_size on a slow SD card; systemd's TimeoutStopSec leaves room. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final long POLL_MS = 10;

    private final PgCommand command;
    private final Path pgData;
    private final int port;
    private final Map<String, String> settings;
    private final Duration startupTimeout;
    private Process postmaster;
    private CompletableFuture<Integer> exit;

    PgServer(PgCommand command, Path pgData, int port, Map<String, String> settings, Duration startupTimeout) {
        this.command = command;
        this.pgData = pgData;
        this.port = port;
        this.settings = settings;
        this.startupTimeout = startupTimeout;
    }

    /** Creates the cluster if there is none, starts the server and waits until it accepts connections. */
    synchronized void start() throws IOException {
        if (postmaster != null) {
            throw new IllegalStateException("started already");
        }
        PgCluster.createIfMissing(command, pgData);
        List<String> args = new ArrayList<>(List.of("-D", pgData.toString(), "-p", Integer.toString(port)));
        settings.forEach((key, value) -> args.addAll(List.of("-c", key + "=" + value)));
        Process process = new ProcessBuilder(command.server(args)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        PgOutput output = PgOutput.follow(process.getInputStream(), process.pid());
        try {
            awaitReady(process, output);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly(); // no server left behind that nobody knows of; its WAL makes it safe
            throw e;
        }
        postmaster = process;
        exit = process.onExit().thenApply(Process::exitValue);
    }

    private void awaitReady(Process process, PgOutput output) throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (!Postmaster.ready(pgData, process.pid())) {
            try {
                if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                    throw new IOException("PostgreSQL exited with status " + process.exitValue() + " while starting:\n"
                            + output.lastLines());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while PostgreSQL started", e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("PostgreSQL did not start within " + startupTimeout.toSeconds()
                        + " s (outpost.store.embedded.startup-timeout)");
            }
        }
    }

    /** The running postmaster. */
    synchronized Optional<ProcessHandle> process() {
        return Optional.ofNullable(postmaster).filter(Process::isAlive).map(Process::toHandle);
    }

    /**
     * The postmaster's exit status (128 + the signal's number if a signal ended it), as soon as it has
     * exited, whether stopped or not; the reaper thread of the JDK completes it.
     */
    synchronized CompletableFuture<Integer> exit() {
        if (exit == null) {
            throw new IllegalStateException("not started");
        }
        return exit;
    }

    /** The postmaster's pid, once started. */
    synchronized long pid() {
        return postmaster == null ? -1 : postmaster.pid();
    }

    /**
     * A fast shutdown ({@code pg_ctl stop -m fast}: connections are ended, then a shutdown checkpoint; Java
     * can send no SIGINT itself), waited for, so that nothing after it races the checkpoint. Should pg_ctl
     * fail, the server gets a SIGTERM, and a SIGKILL if that does not end it either (its WAL makes even that
     * safe).
     */
    synchronized void stop() throws IOException {
        Process process = postmaster;
        postmaster = null;
        if (process == null || !process.isAlive()) {
            return;
        }
        IOException failed = null;
        try {
            command.run("pg_ctl", List.of("stop", "-D", pgData.toString(), "-m", "fast", "-w", "-s",
                    "-t", Long.toString(STOP_TIMEOUT.toSeconds())));
        } catch (IOException e) {
            failed = e;
            process.destroy();
        }
        if (!exits(process)) {
            LOG.warnf("PostgreSQL (pid %d) did not exit after its shutdown; killing it", process.pid());
            process.destroyForcibly();
            exits(process);
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static boolean exits(Process process) {
        try {
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
