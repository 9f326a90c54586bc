package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * The agent as PID 1, as in its container image (the JVM is the entrypoint): a postmaster killed by SIGKILL
 * is seen dead with its exit status, started again, and readiness comes back. PID 1 adopts every orphan and
 * must reap it; a server left to it (as {@code pg_ctl start} leaves one) stays a zombie when it dies, which
 * Java takes for alive, so the agent never saw the death. The agent runs in a PID namespace of its own
 * ({@code unshare}, which needs root).
 */
class PidOneIT {

    // Paused: the message must read back "queued", not "delivering" while an attempt at the dead port is out
    // (seen once in CI).
    private static final Map<String, String> CONFIG = Map.of("outpost.routes.sink.url", "http://127.0.0.1:9/sink",
            "outpost.routes.sink.paused", "true");
    private static final List<String> PID_NAMESPACE = List.of("unshare", "--pid", "--fork", "--mount-proc",
            "--kill-child");

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aPostmasterThatDiesUnderAnAgentThatIsPidOneIsReapedAndStartedAgain(@TempDir Path tmp) throws Exception {
        assumeTrue(runs(PID_NAMESPACE, "true"), "a PID namespace of its own needs root");
        try (AgentProcess agent = new AgentProcess(tmp.resolve("data"), CONFIG)
                .wrappedIn(PID_NAMESPACE.toArray(String[]::new)).start().awaitReady()) {
            ProcessHandle jvm = agent.jvm();
            assertThat(namespacePid(jvm.pid())).as("the agent's pid in its own namespace").isEqualTo("1");
            String id = new JsonObject(post(agent).body()).getString("id");
            ProcessHandle postmaster = postmaster(jvm).orElseThrow();

            postmaster.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(state(postmaster.pid()))
                    .as("the killed postmaster's state (Z: a zombie that nobody reaps)").isEqualTo("reaped"));
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.output().contains("exited without being stopped"));
            assertThat(agent.output()).as("its exit status, SIGKILL's").contains("exit status 137");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ready(agent));
            assertThat(agent.output()).contains("is running again");
            assertThat(postmaster(jvm)).as("a new postmaster").hasValueSatisfying(p ->
                    assertThat(p.pid()).isNotEqualTo(postmaster.pid()));
            assertThat(post(agent).statusCode()).isEqualTo(202);
            assertThat(agent.json("/v1/messages/" + id).getString("status")).isEqualTo("queued");
        }
    }

    private HttpResponse<String> post(AgentProcess agent) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(agent.request("/v1/routes/sink/messages")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return r;
    }

    private boolean ready(AgentProcess agent) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(agent.uri("/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The postmaster: the agent's child that runs bin/postgres (its other children have ended). */
    private static Optional<ProcessHandle> postmaster(ProcessHandle jvm) {
        return jvm.children().filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .findFirst();
    }

    /** The state letter in {@code /proc/<pid>/stat} (the field after the command name), or reaped. */
    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "reaped";
        }
    }

    /** The innermost of the pids a process has, one per PID namespace it is in ({@code NSpid} in its status). */
    private static String namespacePid(long pid) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] ids = lines.filter(l -> l.startsWith("NSpid:")).findFirst().orElseThrow().split("\\s+");
            return ids[ids.length - 1];
        }
    }

    private static boolean runs(List<String> prefix, String command) throws InterruptedException {
        List<String> line = new ArrayList<>(prefix);
        line.add(command);
        try {
            return new ProcessBuilder(line).inheritIO().start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
