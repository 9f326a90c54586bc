package io.outpost.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a data directory's {@code postmaster.pid} says about the server that holds it. */
final class Postmaster {

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

    /** The running process the file names, if there is one. */
    static Optional<ProcessHandle> running(Path pgData) {
        return pid(pgData).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }
}
