package io.outpost.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A stored answer shaped by the client's preconditions, Accept-Encoding and Range. */
class ClientAnswerTest {

    private static final String MODIFIED = "Thu, 26 Nov 2026 10:00:00 GMT";
    private static final int MAX = 1 << 20;

    private static Served ok(String body, String... headers) {
        return new Served(200, map(headers), Buffer.buffer(body));
    }

    private static MultiMap map(String... pairs) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            m.add(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Served shape(Served served, String... request) {
        return ClientAnswer.shape(served, map(request), MAX);
    }

    @Test
    void ifModifiedSinceIsAnswered304ByTheStoredLastModifiedOrDate() {
        Served stored = ok("body", "Last-Modified", MODIFIED, "Content-Type", "text/plain", "ETag", "\"v1\"");
        Served not = shape(stored, "If-Modified-Since", MODIFIED);
        assertThat(not.status()).isEqualTo(304);
        assertThat(not.body().length()).isZero();
        assertThat(not.headers().get("ETag")).isEqualTo("\"v1\"");
        assertThat(not.headers().contains("Content-Type")).isFalse();
        assertThat(shape(stored, "If-Modified-Since", "Wed, 25 Nov 2026 10:00:00 GMT").status()).isEqualTo(200);
        assertThat(shape(stored, "If-Modified-Since", "not a date").status()).isEqualTo(200);
        assertThat(shape(ok("b", "Date", MODIFIED), "If-Modified-Since", MODIFIED).status()).isEqualTo(304);
        // If-None-Match decides when both are sent
        assertThat(shape(stored, "If-None-Match", "\"v2\"", "If-Modified-Since", MODIFIED).status()).isEqualTo(200);
        assertThat(shape(stored, "If-None-Match", "W/\"v1\"").status()).isEqualTo(304);
        assertThat(shape(new Served(404, map("ETag", "\"v1\""), Buffer.buffer()), "If-None-Match", "*").status())
                .isEqualTo(404);
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceThatFailAre412() {
        Served stored = ok("body", "Last-Modified", MODIFIED, "ETag", "\"v1\"");
        assertThat(shape(stored, "If-Match", "\"v2\"").status()).isEqualTo(412);
        assertThat(shape(stored, "If-Match", "W/\"v1\"").status()).as("strong comparison").isEqualTo(412);
        assertThat(shape(stored, "If-Match", "\"v0\", \"v1\"").status()).isEqualTo(200);
        assertThat(shape(stored, "If-Unmodified-Since", "Wed, 25 Nov 2026 10:00:00 GMT").status()).isEqualTo(412);
        assertThat(shape(stored, "If-Unmodified-Since", MODIFIED).status()).isEqualTo(200);
    }

    @Test
    void aRangeIsServedFromTheWholeStoredBody() {
        Served stored = ok("0123456789", "ETag", "\"v1\"", "Content-Type", "text/plain");
        Served part = shape(stored, "Range", "bytes=2-4");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.body().toString()).isEqualTo("234");
        assertThat(part.headers().get("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(shape(stored, "Range", "bytes=-3").body().toString()).isEqualTo("789");
        Served none = shape(stored, "Range", "bytes=10-");
        assertThat(none.status()).isEqualTo(416);
        assertThat(none.headers().get("Content-Range")).isEqualTo("bytes */10");
        assertThat(shape(stored, "Range", "bytes=0-1,4-5").status()).as("several ranges: all").isEqualTo(200);
        assertThat(shape(stored, "Range", "bytes=2-4", "If-Range", "\"v1\"").status()).isEqualTo(206);
        assertThat(shape(stored, "Range", "bytes=2-4", "If-Range", "\"v0\"").status()).isEqualTo(200);
        assertThat(shape(stored, "Range", "bytes=2-4", "If-Range", "W/\"v1\"").status()).isEqualTo(200);
    }

    @Test
    void theCodingIsKeptForAClientThatTakesItAndUndoneForOneThatDoesNot() throws IOException {
        Served gz = new Served(200, map("Content-Encoding", "gzip", "ETag", "\"z\""), Buffer.buffer(gzip("text")));
        assertThat(shape(gz, "Accept-Encoding", "gzip, br").body().getBytes()).isEqualTo(gzip("text"));
        Served plain = shape(gz, "Accept-Encoding", "br");
        assertThat(plain.body().toString()).isEqualTo("text");
        assertThat(plain.headers().contains("Content-Encoding")).isFalse();
        assertThat(plain.headers().get("ETag")).isEqualTo("W/\"z\"");
        assertThat(shape(gz).body().toString()).as("no Accept-Encoding").isEqualTo("text");
        assertThat(shape(gz, "Accept-Encoding", "gzip;q=0, *").body().toString()).isEqualTo("text");
        assertThat(shape(gz, "Accept-Encoding", "*").headers().get("Content-Encoding")).isEqualTo("gzip");
        // decoded before the range is taken: the range is of what the client gets
        assertThat(shape(gz, "Range", "bytes=1-2").body().toString()).isEqualTo("ex");
    }

    @Test
    void aCodingThatCannotBeUndoneIsServedAsItCameNeverEmptied() {
        Served fake = new Served(200, map("Content-Encoding", "gzip"), Buffer.buffer("not gzip"));
        Served served = shape(fake);
        assertThat(served.body().toString()).isEqualTo("not gzip");
        assertThat(served.headers().get("Content-Encoding")).isEqualTo("gzip");
        Served zstd = new Served(200, map("Content-Encoding", "zstd"), Buffer.buffer("(zstd)"));
        assertThat(shape(zstd, "Accept-Encoding", "gzip").headers().get("Content-Encoding")).isEqualTo("zstd");
        assertThat(ContentCoding.decode("gzip", Buffer.buffer(new byte[] { 0x1f, (byte) 0x8b }), MAX)).isEmpty();
    }

    @Test
    void deflateIsReadZlibWrappedOrRaw() {
        byte[] text = "deflated".getBytes(StandardCharsets.US_ASCII);
        for (boolean raw : List.of(false, true)) {
            Deflater d = new Deflater(6, raw);
            d.setInput(text);
            d.finish();
            byte[] out = new byte[100];
            int n = d.deflate(out);
            assertThat(ContentCoding.decode("deflate", Buffer.buffer().appendBytes(out, 0, n), MAX).orElseThrow()
                    .toString()).isEqualTo("deflated");
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
