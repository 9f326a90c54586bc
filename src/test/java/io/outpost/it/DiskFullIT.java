package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * The store's disk fills up (a tmpfs of 96 MiB under {@code <data-dir>/pg}, so it needs root): accepts are
 * refused with a problem, never a 202 that is not kept; the postmaster exits on the full disk (as after a
 * PANIC); once space is freed the agent has started it again, every accepted message is there, and accepts
 * go on.
 */
class DiskFullIT {

    private static final Map<String, String> CONFIG = Map.of("outpost.routes.sink.url", "http://127.0.0.1:9/sink");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Random random = new Random(7);

    @Test
    void aFullDiskLosesNothingAcceptedAndTheStoreComesBackWhenSpaceIsFreed(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path pg = data.resolve("pg");
        Files.createDirectories(pg);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", pg.toString()) == 0,
                "mounting a small tmpfs needs root");
        try (AgentProcess agent = new AgentProcess(data, CONFIG).start().awaitReady()) {
            Set<String> accepted = new HashSet<>();
            int refused = 0;
            for (int i = 0; refused < 5 && i < 10_000; i++) { // incompressible bodies, so the table outgrows the disk
                HttpResponse<String> r = post(agent, "table-" + i, 32 * 1024);
                if (r.statusCode() == 202) {
                    accepted.add(new JsonObject(r.body()).getString("id"));
                } else {
                    // 503 whether PostgreSQL refused to extend the table (disk_full) or PANICked at a WAL write
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    refused++;
                }
            }
            assertThat(refused).as("refused once the disk was full").isEqualTo(5);

            Path filler = pg.resolve("filler");
            fill(filler); // the last bytes too, as a disk filled by something else
            // PostgreSQL PANICs when it cannot create the next WAL segment, and its postmaster exits once a
            // crash recovery fails on the full disk; when exactly depends on its segment recycling, so the
            // test ends the postmaster itself, as the PANIC would, unless that already happened (then the agent's
            // tries to start it again fail on the full disk, and between them no postmaster runs).
            Optional<ProcessHandle> postmaster = agent.postmaster();
            if (postmaster.isPresent()) {
                postmaster.get().destroyForcibly();
                postmaster.get().onExit().get(10, TimeUnit.SECONDS);
            }
            assertThat(post(agent, "while-down", 100).statusCode()).isIn(503, 507);

            Files.delete(filler);
            assertThat(run("mount", "-o", "remount,size=256m", "tmpfs", pg.toString())).isZero();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> post(agent, "after", 100).statusCode() == 202);
            assertThat(agent.messageIds("sink")).containsAll(accepted);
            assertThat(agent.output()).contains("exited without being stopped", "is running again");
        } finally {
            run("umount", "-l", pg.toString());
        }
    }

    private HttpResponse<String> post(AgentProcess agent, String key, int size) throws Exception {
        byte[] body = new byte[size];
        random.nextBytes(body);
        return client.send(agent.request("/v1/routes/sink/messages").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void fill(Path file) {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left on the device: what this was for
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
