package io.outpost.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a data directory's {@code postmaster.pid} says about the server that holds it. */
final class Postmaster {

    /** The 8th line (LOCK_FILE_LINE_PM_STATUS in PostgreSQL's pidfile.h): starting, stopping, ready, standby. */
    private static final int STATUS_LINE = 7;

    private Postmaster() {
    }

    /** The pid the file names; empty without a file, or with one half written (postgres replaces those). */
    static Optional<Long> pid(Path pgData) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the server {@code pid} says it accepts connections: the status line PostgreSQL writes into
     * the file when it is ready, which {@code pg_ctl -w} also waits for.
     */
    static boolean ready(Path pgData, long pid) {
        try {
            List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
            return lines.size() > STATUS_LINE && Long.parseLong(lines.get(0).trim()) == pid
                    && lines.get(STATUS_LINE).trim().equals("ready");
        } catch (IOException | RuntimeException e) {
            return false; // not there yet, or half written
        }
    }
}
