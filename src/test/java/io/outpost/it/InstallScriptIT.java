package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/install.sh into a staging prefix lays out what the systemd unit it installs points at, the agent
 * starts from there as the unit would start it, a second install keeps the operator's configuration, and
 * --uninstall (then --purge) removes it all.
 */
class InstallScriptIT {

    private static final Path SCRIPT = Path.of("deploy/install.sh");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void installStartUpgradeAndUninstall(@TempDir Path tmp) throws Exception {
        Path prefix = tmp.resolve("opt/outpost");
        Path app = AgentProcess.jar().getParent();
        assertThat(run(SCRIPT.toString(), "--prefix", prefix.toString(), "--app", app.toString(), "--no-user"))
                .contains("installed under " + prefix);

        SystemdUnit unit = SystemdUnit.read(prefix.resolve("systemd/outpost.service"));
        assertThat(unit.execStart()).isEqualTo(prefix.resolve("bin/outpost")).isExecutable();
        Path workDir = Path.of(unit.one("WorkingDirectory"));
        assertThat(workDir.resolve("quarkus-run.jar")).isRegularFile();
        assertThat(workDir.resolve("lib/main")).isDirectory();
        assertThat(unit.environmentFile()).isRegularFile();
        assertThat(unit.one("StateDirectory")).isEqualTo("outpost");
        assertThat(unit.one("KillMode")).isEqualTo("mixed");

        verifiedBySystemd(prefix.resolve("systemd/outpost.service"));

        Path stateRoot = tmp.resolve("var-lib");
        Map<String, String> env = unit.environment(stateRoot);
        Path config = Path.of(env.get("QUARKUS_CONFIG_LOCATIONS"));
        assertThat(config).isRegularFile().content().contains("outpost.api.token-file=" + prefix.resolve("etc/api-token"));
        String token = Files.readString(prefix.resolve("etc/api-token")).strip();
        assertThat(token).hasSize(64);
        assertThat(env.get("JAVA_OPTS")).contains("-Xmx");

        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(unit.execStart().toString()).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port)); // the template's 8080 may be taken
        Process agent = pb.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(agent.isAlive()).as(() -> log(tmp)).isTrue();
                return status(port, "/q/health/ready", null, "GET") == 200;
            });
            assertThat(status(port, "/v1/routes/example/messages", null, "POST")).isEqualTo(401);
            assertThat(status(port, "/v1/routes/example/messages", token, "POST")).isEqualTo(202);
        } finally {
            agent.destroy(); // SIGTERM, as systemd's stop; the launcher exec'd the JVM, so it gets it
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as(() -> log(tmp)).isTrue();
        }
        assertThat(agent.exitValue()).as("SuccessExitStatus=143 covers a clean SIGTERM exit").isIn(0, 143);
        Path data = stateRoot.resolve("outpost");
        assertThat(data.resolve("pg/PG_VERSION")).as("data under StateDirectory").isRegularFile();
        assertThat(data.resolve("jvm")).as("class archive written at exit").isDirectoryContaining("glob:**/outpost-*");

        // Upgrade: the program is replaced, the operator's edits stay.
        Files.writeString(config, "# edited on the device\n", StandardOpenOption.APPEND);
        assertThat(run(SCRIPT.toString(), "--prefix", prefix.toString(), "--app", app.toString(), "--no-user"))
                .contains("kept " + config);
        assertThat(config).content().endsWith("# edited on the device\n");
        assertThat(Files.readString(prefix.resolve("etc/api-token")).strip()).isEqualTo(token);

        assertThat(run(SCRIPT.toString(), "--prefix", prefix.toString(), "--uninstall")).contains("removed");
        assertThat(prefix.resolve("lib")).doesNotExist();
        assertThat(prefix.resolve("bin")).doesNotExist();
        assertThat(prefix.resolve("systemd")).doesNotExist();
        assertThat(config).as("configuration kept without --purge").isRegularFile();
        run(SCRIPT.toString(), "--prefix", prefix.toString(), "--uninstall", "--purge");
        assertThat(prefix).doesNotExist();
        assertThat(data.resolve("pg/PG_VERSION")).as("data is never removed by the script").isRegularFile();
    }

    /** Where systemd's own checker is installed: no misspelt or misplaced key, nothing it refuses. */
    private static void verifiedBySystemd(Path unit) throws IOException, InterruptedException {
        if (Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .noneMatch(d -> Files.isExecutable(Path.of(d, "systemd-analyze")))) {
            return;
        }
        Process p = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("systemd-analyze verify").doesNotContain("Unknown", "nvalid", "gnoring");
    }

    private int status(int port, String path, String token, String method) throws InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).method(method, method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"t\":1}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh"));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String log(Path tmp) {
        try (Stream<String> lines = Files.lines(tmp.resolve("agent.log"))) {
            return String.join("\n", lines.toList());
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
