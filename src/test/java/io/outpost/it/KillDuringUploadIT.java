package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.testing.TransferPeer;
import io.vertx.core.json.JsonObject;

/**
 * SIGKILL of the packaged agent while an upstream that resumes uploads holds part of an upload, then a
 * restart: the agent asks the upstream what it holds and sends only the rest, and the upstream ends with the
 * whole file.
 */
class KillDuringUploadIT {

    private static final int SIZE = 6 * 1024 * 1024;
    private static final long HELD = 2 * 1024 * 1024 + 3;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anUploadKilledMidwaySendsOnlyTheRestAfterTheRestart(@TempDir Path tmp) throws Exception {
        byte[] bytes = new byte[SIZE];
        new Random(43).nextBytes(bytes);
        try (TransferPeer peer = TransferPeer.anyPort()) {
            peer.resumableUploads("/big.bin");
            peer.stallUploadAfter("/big.bin", HELD); // the request hangs there until the agent dies
            Map<String, String> config = Map.of("outpost.routes.sink.url", peer.url(""),
                    "outpost.routes.sink.timeout", "60s", "outpost.routes.sink.retry.initial-delay", "100ms",
                    "outpost.routes.sink.retry.max-delay", "500ms");
            Path data = tmp.resolve("data");
            String id;
            try (AgentProcess first = new AgentProcess(data, config).start().awaitReady()) {
                HttpResponse<String> accepted = client.send(first.request("/v1/routes/sink/uploads/big.bin")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                id = new JsonObject(accepted.body()).getString("id");
                await().atMost(Duration.ofSeconds(60)).until(() -> !peer.requests("/big.bin").isEmpty());
                first.kill9();
            }
            assertThat(peer.uploaded("/big.bin")).hasSize((int) HELD);

            try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
                String path = "/v1/transfers/" + id;
                await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(second.json(path)
                        .getString("state")));
            }
            assertThat(sha256(peer.uploaded("/big.bin"))).isEqualTo(sha256(bytes));
            List<TransferPeer.Seen> puts = peer.requests("/big.bin");
            assertThat(puts).extracting(p -> p.header("Content-Range")).containsExactly(null, "bytes */" + SIZE,
                    "bytes " + HELD + "-" + (SIZE - 1) + "/" + SIZE);
            assertThat(puts.get(2).bodyLength()).isEqualTo(SIZE - HELD);
            System.out.printf("kill -9 during an upload: the upstream held %d of %d bytes; %d sent after the "
                    + "restart%n", HELD, SIZE, puts.get(2).bodyLength());
        }
    }

    @Test
    void aBodyStillArrivingWhenKilledLeavesNoFileAfterTheRestart(@TempDir Path tmp) throws Exception {
        Map<String, String> config = Map.of("outpost.routes.sink.url", "http://127.0.0.1:9/");
        Path data = tmp.resolve("data");
        Path spool = data.resolve("transfers");
        try (AgentProcess first = new AgentProcess(data, config).start().awaitReady();
                Socket socket = new Socket("127.0.0.1", first.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /v1/routes/sink/uploads/half.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + AgentProcess.TOKEN + "\r\nContent-Length: " + SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[SIZE / 3]);
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> spooledBytes(spool) > 0);
            first.kill9();
        }
        assertThat(spooledBytes(spool)).as("the body so far, on disk when the agent died").isPositive();
        try (AgentProcess second = new AgentProcess(data, config).start().awaitReady()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> spooledBytes(spool) == 0);
        }
    }

    /** Bytes in the spool directory's files. */
    private static long spooledBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
