package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.ReservedPorts;

/**
 * The README's five-minute tour, run as a reader runs it: the marked blocks of README.md (see
 * {@link ReadmeTour}) typed into terminals, in a directory laid out as a clone with the agent built, and each
 * command's output compared with what the README shows. A command that breaks, an output that changed shape
 * (a field added or gone, another status) or a delivery that no longer reaches the reader's server fails it.
 * The only changes to what the reader types are the ports: the README's 8080 (the agent) and 8000 (the
 * reader's server) become free ones, the agent's through {@code QUARKUS_HTTP_PORT}, as the README says a
 * reader whose 8080 is taken would do.
 */
class ReadmeTourIT {

    /** How long a read may take to show what the README shows (a delivery, a reconnection). */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final int agentPort = ReservedPorts.next();
    private final int serverPort = ReservedPorts.next();

    @Test
    void theTourEndsWithMessagesDeliveredToTheReadersOwnServer(@TempDir Path tmp) throws Exception {
        ReadmeTour tour = ReadmeTour.read(Path.of("README.md"));
        assertThat(tour.steps()).extracting(ReadmeTour.Step::role)
                .as("the tour's marked steps in README.md").contains("server", "agent", "run", "prints", "stop-server");
        Path clone = clone(tmp);
        Map<String, String> env = Map.of("QUARKUS_HTTP_PORT", Integer.toString(agentPort));
        String serverScript = null;
        Terminal server = null;
        Terminal agent = null;
        try (Terminal shell = Terminal.shell(clone, env)) {
            for (ReadmeTour.Step step : tour.steps()) {
                switch (step.role()) {
                    case "server" -> {
                        serverScript = ports(step.script());
                        server = startServer(clone, serverScript, tmp);
                    }
                    case "agent" -> agent = startAgent(clone, env, ports(step.script()), tmp);
                    case "run" -> {
                        for (ReadmeTour.Command command : step.commands()) {
                            run(shell, command);
                        }
                    }
                    case "prints" -> {
                        List<String> shown = step.lines().stream().map(this::ports).toList();
                        Terminal printing = server;
                        await().atMost(SETTLE).until(() -> ShownOutput.appearsIn(shown, printing.output()));
                    }
                    case "stop-server" -> server.stop();
                    case "start-server" -> server = startServer(clone, serverScript, tmp);
                    default -> throw new AssertionError("unknown tour step in README.md: " + step.role());
                }
            }
            assertThat(agent).as("the tour starts the agent").isNotNull();
            assertThat(agent.stop()).as("the agent's exit after Ctrl-C").isIn(0, 130, 143);
        } finally {
            for (Terminal t : new Terminal[] {agent, server}) {
                if (t != null) {
                    t.close();
                }
            }
        }
        assertThat(clone.resolve("data/pg/PG_VERSION")).as("what the agent holds stays in data/").exists();
    }

    /**
     * A directory as a reader's clone is after the build: the repository's deploy/ and target/ (the README's
     * relative paths), and a data/ of its own. Its pg-bin/ is kept across runs, as it is after a first start.
     */
    private static Path clone(Path tmp) throws IOException {
        Path clone = Files.createDirectories(tmp.resolve("clone"));
        Files.createSymbolicLink(clone.resolve("deploy"), Path.of("deploy").toAbsolutePath());
        Files.createSymbolicLink(clone.resolve("target"), Path.of("target").toAbsolutePath());
        Path binaries = Files.createDirectories(Path.of("target/readme-tour/pg-bin").toAbsolutePath());
        Files.createSymbolicLink(Files.createDirectories(clone.resolve("data")).resolve("pg-bin"), binaries);
        return clone;
    }

    private String ports(String text) {
        return text.replace("8080", Integer.toString(agentPort)).replace("8000", Integer.toString(serverPort));
    }

    /** Runs a command once if it changes something, else until it shows what the README shows. */
    private void run(Terminal shell, ReadmeTour.Command command) throws Exception {
        String typed = ports(command.text());
        List<String> shown = command.shown().stream().map(this::ports).toList();
        if (command.changesState()) {
            check(command, shown, shell.run(typed));
        } else {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> check(command, shown, shell.run(typed)));
        }
    }

    private static void check(ReadmeTour.Command command, List<String> shown, String printed) {
        assertThat(ShownOutput.differences(shown, printed)).as("README.md: $ %s%nprinted:%n%s", command.text(), printed)
                .isEmpty();
    }

    private Terminal startServer(Path clone, String script, Path tmp) throws Exception {
        Terminal server = Terminal.start(clone, Map.of(), script, tmp.resolve("server.log"));
        await().atMost(SETTLE).until(() -> {
            assertThat(server.isAlive()).as("the README's server runs: %s", server.output()).isTrue();
            try (Socket s = new Socket("127.0.0.1", serverPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return server;
    }

    private Terminal startAgent(Path clone, Map<String, String> env, String script, Path tmp) throws Exception {
        Terminal agent = Terminal.start(clone, env, script, tmp.resolve("agent.log"));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agentPort + "/q/health/ready")).build();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(agent.isAlive()).as("the README's agent runs: %s", agent.output()).isTrue();
            try {
                return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(agent.output()).as("the README says the agent logs this when it is ready")
                .contains("Listening on: http://127.0.0.1:" + agentPort);
        return agent;
    }
}
