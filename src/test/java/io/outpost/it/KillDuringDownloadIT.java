package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.TransferPeer;
import io.vertx.core.json.JsonObject;

/**
 * SIGKILL of the packaged agent in the middle of a download from a slow upstream, then a restart: the
 * download continues with a Range request from the offset it had recorded (not from byte 0), and the file
 * it ends with has the right sha256.
 */
class KillDuringDownloadIT {

    private static final int SIZE = 6 * 1024 * 1024;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aDownloadKilledMidwayResumesWithARangeAfterTheRestart(@TempDir Path tmp) throws Exception {
        byte[] bytes = new byte[SIZE];
        new Random(42).nextBytes(bytes);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        try (TransferPeer peer = TransferPeer.anyPort()) {
            peer.serve("/big.bin", bytes).slow(1024 * 1024);
            Map<String, String> config = Map.of("outpost.routes.slow.url", peer.url(""),
                    "outpost.routes.slow.retry.initial-delay", "100ms", "outpost.routes.slow.retry.max-delay", "500ms",
                    "outpost.transfers.progress-interval", "200ms");
            Path data = tmp.resolve("data");
            String id;
            try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
                String body = new JsonObject().put("route", "slow").put("path", "/big.bin").put("direction", "download")
                        .put("sha256", sha).encode();
                id = call(first.request("/v1/transfers").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)), 202).getString("id");
                String path = "/v1/transfers/" + id;
                await().atMost(Duration.ofSeconds(60)).until(() -> first.json(path).getLong("bytesDone") > SIZE / 3);
                first.kill9();
            }
            assertThat(peer.requests("/big.bin")).hasSize(1);

            try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
                String path = "/v1/transfers/" + id;
                await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(second.json(path)
                        .getString("state")));
                HttpResponse<byte[]> content = client.send(second.request(path + "/content").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(content.statusCode()).isEqualTo(200);
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.body())))
                        .isEqualTo(sha);
            }
            List<TransferPeer.Seen> gets = peer.requests("/big.bin");
            assertThat(gets).hasSize(2);
            String range = gets.get(1).header("Range");
            assertThat(range).matches("bytes=\\d+-");
            long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
            System.out.printf("kill -9 during a download: resumed at byte %d of %d%n", from, SIZE);
            assertThat(from).as("resumed from the recorded offset, not from 0").isPositive();
            assertThat(gets.get(1).header("If-Range")).isEqualTo("\"v1\"");
        }
    }

    private JsonObject call(HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return new JsonObject(response.body());
    }
}
