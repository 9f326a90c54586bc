package io.outpost.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One PostgreSQL data directory run with the unpacked binaries alone: {@code initdb} once, {@code pg_ctl start}
 * and {@code pg_ctl stop}. {@code pg_ctl} starts the postmaster in a session of its own, so the server does not
 * share the agent's signals (a Ctrl-C on the agent's terminal reaches the agent, which stops the server in
 * order); the price is that a server outlives an agent killed by SIGKILL, which {@link StalePostmaster} handles.
 * The server's own output goes to {@code <data>.log} beside the data directory.
 *
 * <p>PostgreSQL refuses to run as root. An agent run as root (a container, a board's only user) runs every
 * command through {@code unshare -U}: in a user namespace of its own the process is no longer uid 0 to
 * itself, while its files stay the agent's.
 */
final class PgServer {

    /** The log is started afresh at a start when it has grown past this. */
    private static final long MAX_LOG_BYTES = 1 << 20;
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private static volatile List<String> prefix;

    private final Path bin;
    private final Path pgData;
    private final Path log;

    PgServer(Path binaries, Path pgData) {
        this.bin = binaries.resolve("bin");
        this.pgData = pgData;
        this.log = pgData.resolveSibling(pgData.getFileName() + ".log");
    }

    /**
     * Creates the cluster unless the data directory holds one. initdb writes into the directory itself (it may
     * be a mount point, so no sibling renamed into place); a marker beside it, removed when initdb has
     * finished, tells a cluster cut short by a kill, whose contents are removed and made again.
     */
    void initIfNeeded(String user) throws IOException {
        Path unfinished = pgData.resolveSibling(pgData.getFileName() + ".initdb");
        if (Files.exists(unfinished) && Files.isDirectory(pgData)) {
            try (var entries = Files.list(pgData)) {
                for (Path p : entries.toList()) {
                    PgBinaries.deleteTree(p);
                }
            }
        } else if (Files.exists(pgData.resolve("PG_VERSION"))) {
            return;
        }
        Files.write(unfinished, new byte[0]);
        run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", user, "-E", "UTF-8", "-D",
                pgData.toString()), Duration.ofMinutes(5), pgData);
        Files.delete(unfinished);
    }

    /** Starts the server and waits until it accepts connections (or the timeout passes). */
    void start(int port, Map<String, String> settings, Duration timeout) throws IOException {
        if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        // -o goes through /bin/sh: values are single words ('' for an empty one), as in ServerSettings
        String options = "-p " + port + " " + settings.entrySet().stream()
                .map(e -> "-c " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        long seconds = Math.max(1, timeout.toSeconds());
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-l", log.toString(), "-o", options,
                "-w", "-t", Long.toString(seconds), "-s", "start"), timeout.plusSeconds(10), pgData);
    }

    /** A fast shutdown: open transactions are rolled back, and a shutdown checkpoint is written. */
    void stop() throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", pgData.toString(), "-m", "fast", "-w", "-t",
                Integer.toString(STOP_TIMEOUT_SECONDS), "-s", "stop"), Duration.ofSeconds(STOP_TIMEOUT_SECONDS + 10),
                pgData);
    }

    /** Runs a command to its end; its output (and the server's log tail) is the message when it fails. */
    private void run(List<String> command, Duration timeout, Path about) throws IOException {
        Path out = Files.createTempFile(log.getParent(), "pg-cmd", ".out");
        try {
            List<String> line = new ArrayList<>(prefix());
            line.addAll(command);
            Process p = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroy();
                throw new IOException("Interrupted while running " + command.get(0), e);
            }
            if (!done) {
                p.destroyForcibly();
            }
            if (!done || p.exitValue() != 0) {
                throw new IOException(Path.of(command.get(0)).getFileName() + " failed for " + about + " ("
                        + (done ? "exit " + p.exitValue() : "timed out") + "): " + Files.readString(out).trim()
                        + logTail());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code unshare -U} when the agent runs as root and the kernel allows user namespaces, else nothing. */
    private static List<String> prefix() throws IOException {
        if (prefix == null) {
            List<String> found = List.of();
            if ("root".equals(System.getProperty("user.name"))) {
                try {
                    Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        found = List.of("unshare", "-U");
                    }
                } catch (IOException | InterruptedException e) {
                    // no unshare: the commands run as they are, and PostgreSQL says why it refuses
                }
            }
            prefix = found;
        }
        return prefix;
    }

    private String logTail() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return "; server log " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10),
                lines.size()));
    }
}
