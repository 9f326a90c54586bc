package io.outpost.upstream;

import static io.outpost.upstream.RawPeer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

/** The transport against a peer that writes raw bytes: interim answers, misframed bodies, codings. */
class TransportStageTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final Vertx vertx = Vertx.vertx();
    private TransportStage transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private TransportStage transport() {
        // one connection, as a route with concurrency 1 has: a poisoned one would be reused at once
        transport = new TransportStage(vertx, TestRoutes.config(1, Duration.ofSeconds(5), 10, 0.5,
                Duration.ofSeconds(5), Optional.empty()), () -> client(true), () -> client(false));
        return transport;
    }

    private HttpClient client(boolean decompress) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTryUseCompression(decompress),
                new PoolOptions().setHttp1MaxSize(1));
    }

    private static UpstreamResponse get(TransportStage stage, String url, String... headers) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        return Exchanges.await(stage.apply(new OutboundRequest("r", HttpMethod.GET, url + "x", h, null, 1 << 20),
                request -> {
                    throw new AssertionError("the transport is the last stage");
                }));
    }

    @Test
    void interimAnswersAreSkippedAndTheFinalOneIsReturned() throws IOException {
        try (RawPeer peer = new RawPeer(n -> bytes("HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                + "Link: </a>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"))) {
            UpstreamResponse response = get(transport(), peer.url());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().toString()).isEqualTo("final");
        }
    }

    @Test
    void aConnectionWhoseAnswerRanPastItsContentLengthIsNotReused() throws IOException {
        try (RawPeer peer = new RawPeer(n -> bytes(n == 0
                ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokAND MORE THAN THAT" : OK))) {
            TransportStage stage = transport();
            assertThat(get(stage, peer.url()).body().toString()).isEqualTo("ok");
            UpstreamResponse next = get(stage, peer.url());
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body().toString()).isEqualTo("ok");
            assertThat(peer.connections()).as("the misframed connection was closed, not reused").isEqualTo(2);
        }
    }

    @Test
    void aRequestNamingItsOwnAcceptEncodingGetsTheCodingAsItCame() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(bytes("plain text"));
        }
        byte[] head = bytes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + zipped.size()
                + "\r\n\r\n");
        byte[] answer = new byte[head.length + zipped.size()];
        System.arraycopy(head, 0, answer, 0, head.length);
        System.arraycopy(zipped.toByteArray(), 0, answer, head.length, zipped.size());
        try (RawPeer peer = new RawPeer(n -> answer)) {
            TransportStage stage = transport();
            UpstreamResponse raw = get(stage, peer.url(), "Accept-Encoding", "gzip");
            assertThat(raw.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(raw.body().getBytes()).isEqualTo(zipped.toByteArray());
            UpstreamResponse decoded = get(stage, peer.url());
            assertThat(decoded.body().toString()).isEqualTo("plain text");
        }
    }
}
