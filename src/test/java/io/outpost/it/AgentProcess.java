package io.outpost.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.outpost.testing.ReservedPorts;
import io.vertx.core.json.JsonObject;

/** The packaged agent ({@code target/quarkus-app}) run as a separate process, as on a device. */
final class AgentProcess implements AutoCloseable {

    static final String TOKEN = "it-token";
    static final Duration READY = Duration.ofSeconds(180);

    private final Path dataDir;
    private final Map<String, String> properties;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> wrapper = new ArrayList<>();
    private final Path log;
    private final int port;
    private Process process;

    AgentProcess(Path dataDir, Map<String, String> properties) throws IOException {
        this.dataDir = dataDir;
        this.properties = properties;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-agent.log");
        this.port = freePort();
    }

    /** Environment variables for the agent's process (set before {@link #start()}). */
    AgentProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Runs the agent's JVM under this command (set before {@link #start()}), e.g. {@code unshare --pid --fork}:
     * the command's child is then the agent, and {@link #stop()} signals that child.
     */
    AgentProcess wrappedIn(String... command) {
        wrapper.addAll(List.of(command));
        return this;
    }

    /** The agent's JVM: the process started, or the wrapping command's child. */
    ProcessHandle jvm() {
        return wrapper.isEmpty() ? process.toHandle() : process.children().findFirst().orElse(process.toHandle());
    }

    static Path jar() {
        return Path.of(System.getProperty("outpost.it.app", "target/quarkus-app/quarkus-run.jar"));
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request to this agent's API, with its token. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN);
    }

    /**
     * The JSON answer to a GET of an API path, which must be 200. A 503 (the store not ready yet, just after a
     * restart) is retried as the API tells clients to: after its Retry-After, for up to 30 s.
     */
    JsonObject json(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        AtomicReference<Duration> retryAfter = new AtomicReference<>(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval((n, previous) -> retryAfter.get())
                .until(() -> {
                    HttpResponse<String> r = client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
                    last.set(r);
                    r.headers().firstValue("Retry-After").filter(v -> v.matches("\\d+"))
                            .ifPresent(v -> retryAfter.set(Duration.ofSeconds(Math.max(1, Long.parseLong(v)))));
                    return r.statusCode() != 503;
                });
        HttpResponse<String> response = last.get();
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    /** The ids of every message the agent holds for a route, all pages. */
    List<String> messageIds(String route) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String after = "0";
        while (true) {
            JsonObject page = json("/v1/messages?route=" + route + "&limit=1000&after=" + after);
            page.getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getString("id")));
            if (!page.getBoolean("hasMore")) {
                return ids;
            }
            after = page.getString("next");
        }
    }

    AgentProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Doutpost.api.token=" + TOKEN));
        if (!environment.containsKey("OUTPOST_DATA_DIR") && !properties.containsKey("quarkus.config.locations")) {
            cmd.add("-Doutpost.data-dir=" + dataDir);
        }
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(environment);
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /**
     * Waits until the agent is ready. The bound is the harness's, not a claim (start time is measured in
     * src/bench): a first start (unpacking PostgreSQL, initdb, migrations) takes about 5 s on a quiet machine,
     * and four IT forks starting agents at once at load 40 took several past 90 s.
     */
    AgentProcess awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(READY).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                return client.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** SIGKILL: no shutdown hook, no clean store shutdown. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the agent's own clean shutdown. */
    int stop() throws InterruptedException {
        jvm().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent did not stop within 60 s");
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself (a failed start). */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
                : Optional.empty();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The pid in the embedded server's lock file, if a postmaster claims the data directory. */
    Optional<ProcessHandle> postmaster() throws IOException {
        Path pid = dataDir.resolve("pg/postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim())).filter(ProcessHandle::isAlive);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    /** Kept across this agent's restarts: a port the restart can listen on again ({@link ReservedPorts}). */
    private static int freePort() {
        return ReservedPorts.next();
    }
}
