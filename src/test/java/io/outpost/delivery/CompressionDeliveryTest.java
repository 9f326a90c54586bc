package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;

@QuarkusTest
class CompressionDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void largeBodiesAreGzippedAndArriveIntact() throws IOException {
        upstream.behave("gzipped", (r, n) -> Reply.status(204));
        String body = "{\"readings\":[" + "{\"t\":21.5,\"h\":40},".repeat(400) + "{}]}";
        String id = accept("gzipped", body);
        awaitStatus(id, "delivered", Duration.ofSeconds(10));
        Recorded r = upstream.requests("gzipped").stream().filter(x -> id.equals(x.header("Idempotency-Key")))
                .findFirst().orElseThrow();
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("X-Tenant")).isEqualTo("acme");
        assertThat(r.header("Accept-Encoding")).contains("gzip");
        assertThat(r.body().length()).isLessThan(body.length() / 4);
        assertThat(gunzip(r.body().getBytes())).isEqualTo(body);
    }

    @Test
    void smallBodiesGoAsTheyAre() {
        upstream.behave("gzipped", (r, n) -> Reply.status(204));
        String id = accept("gzipped", "tiny");
        awaitStatus(id, "delivered", Duration.ofSeconds(10));
        Recorded r = upstream.requests("gzipped").stream().filter(x -> id.equals(x.header("Idempotency-Key")))
                .findFirst().orElseThrow();
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.body().toString()).isEqualTo("tiny");
    }

    @Test
    void gzippedAnswersAreDecompressed() throws IOException {
        Buffer zipped = Buffer.buffer(gzip("unknown device serial"));
        upstream.behave("gzipped", (r, n) -> Reply.status(400).withHeader("Content-Encoding", "gzip").withBody(zipped));
        String id = accept("gzipped", "x");
        assertThat(awaitStatus(id, "dead", Duration.ofSeconds(10)).getString("lastError"))
                .contains("unknown device serial");
    }

    static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
