package io.outpost.transfer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.assertj.core.api.Assertions;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;

import io.outpost.testing.Agent;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.vertx.mutiny.sqlclient.Pool;

/** The transfer API as the tests use it. */
final class TransferCalls {

    private TransferCalls() {
    }

    /** Transfers in the store. */
    static long rows(Pool pool) {
        return pool.query("select count(*) from transfer").execute().await().atMost(Duration.ofSeconds(5)).iterator()
                .next().getLong(0);
    }

    /** Upload bodies in the spool directory. */
    static long spooled() throws IOException {
        Path dir = Path.of(ConfigProvider.getConfig().getValue("outpost.data-dir", String.class), "transfers");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".upload")).count();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a download and returns its id. */
    static String download(String route, String path, String sha256) {
        Map<String, String> body = sha256 == null ? Map.of("route", route, "path", path, "direction", "download")
                : Map.of("route", route, "path", path, "direction", "download", "sha256", sha256);
        ExtractableResponse<?> accepted = Agent.api().contentType("application/json")
                .body(body).post("/v1/transfers").then().statusCode(202).extract();
        String id = accepted.path("id");
        // relative, like a message's Location
        Assertions.assertThat(accepted.header("Location")).isEqualTo("/v1/transfers/" + id);
        return id;
    }

    static JsonPath transfer(String id) {
        return Agent.api().get("/v1/transfers/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits for {@code state} and returns the transfer then; fails fast on another final state. */
    static JsonPath awaitState(String id, String state, Duration within) {
        JsonPath[] last = new JsonPath[1];
        try {
            await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = transfer(id);
                String now = last[0].getString("state");
                if (!now.equals(state) && (now.equals("completed") || now.equals("failed"))) {
                    throw new AssertionError("transfer ended " + now + " instead of " + state + ": "
                            + last[0].prettify());
                }
                return now.equals(state);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("transfer " + id + " not " + state + " within " + within + "; last seen: "
                    + (last[0] == null ? "nothing" : last[0].prettify()), e);
        }
        return last[0];
    }

    static byte[] content(String id) {
        return Agent.api().get("/v1/transfers/" + id + "/content").then().statusCode(200).extract().asByteArray();
    }
}
