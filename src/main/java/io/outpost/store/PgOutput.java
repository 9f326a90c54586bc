package io.outpost.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jboss.logging.Logger;

/**
 * The server's own log (its stderr), read on a thread of its own into the agent's log: a PANIC as an
 * error, warnings and errors as warnings, the rest (start, stop, the FATALs of connections ended by a fast
 * shutdown) at debug. The last lines are kept to say why a start failed.
 */
final class PgOutput {

    private static final Logger LOG = Logger.getLogger("io.outpost.store.postgres");
    private static final int KEPT = 20;

    private final Deque<String> last = new ArrayDeque<>();
    private Thread reader;

    private PgOutput() {
    }

    static PgOutput follow(InputStream output, long pid) {
        PgOutput out = new PgOutput();
        out.reader = new Thread(() -> out.read(output), "outpost-store-log-" + pid);
        out.reader.setDaemon(true);
        out.reader.start();
        return out;
    }

    private void read(InputStream output) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null;) {
                keep(line);
                LOG.log(level(line), line);
            }
        } catch (IOException e) {
            LOG.debug("The embedded PostgreSQL's output ended", e);
        }
    }

    static Logger.Level level(String line) {
        if (line.contains("PANIC:")) {
            return Logger.Level.ERROR;
        }
        return line.contains("WARNING:") || line.contains("ERROR:") ? Logger.Level.WARN : Logger.Level.DEBUG;
    }

    private synchronized void keep(String line) {
        if (last.size() == KEPT) {
            last.removeFirst();
        }
        last.addLast(line);
    }

    /** The last lines the server wrote, once it has exited (what it wrote last is read first). */
    String lastLines() {
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return String.join("\n", last);
        }
    }
}
