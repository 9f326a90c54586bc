package io.outpost.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reader's terminal: bash in a working directory, with this JVM's {@code java} first on the PATH. Either a
 * command left running ({@link #start}), whose output is kept in a file, or an interactive shell
 * ({@link #shell}) that runs commands one after the other and keeps their variables, as a terminal does.
 */
final class Terminal implements AutoCloseable {

    private static final String DONE = "<<<tour-command-done>>>";

    private final Process process;
    private final Path log;
    private final BufferedReader out;
    private final Writer in;

    private Terminal(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.out = log == null ? new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) : null;
        this.in = log == null ? new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8) : null;
    }

    private static ProcessBuilder bash(Path dir, Map<String, String> env, String... args) {
        ProcessBuilder builder = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        return builder;
    }

    /** Starts {@code script} and leaves it running; its output goes to {@code log}. */
    static Terminal start(Path dir, Map<String, String> env, String script, Path log) throws IOException {
        Process p = bash(dir, env, "bash", "-c", script).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Terminal(p, log);
    }

    static Terminal shell(Path dir, Map<String, String> env) throws IOException {
        return new Terminal(bash(dir, env, "bash", "--noprofile", "--norc").start(), null);
    }

    /** Runs one command in the shell and returns what it printed (at most 30 s). */
    String run(String command) throws Exception {
        in.write(command + "\nprintf '\\n%s\\n' '" + DONE + "'\n");
        in.flush();
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder printed = new StringBuilder();
            try {
                for (String line = out.readLine(); line != null && !line.equals(DONE); line = out.readLine()) {
                    printed.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return printed.toString();
        }).get(30, TimeUnit.SECONDS);
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the command and its children as Ctrl-C would, by SIGTERM: a process started in the background may
     * inherit SIGINT ignored, and to the agent and the server both signals mean the same clean stop. bash runs
     * a block of one command in its own place (exec), so the signal reaches the command itself.
     */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("did not stop within 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            if (in != null) {
                process.destroy();
            } else {
                stop();
            }
        }
        process.waitFor(60, TimeUnit.SECONDS);
    }
}
