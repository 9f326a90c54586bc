package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.await;
import static io.outpost.upstream.Exchanges.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class CompressionStageTest {

    private final CompressionStage stage = new CompressionStage();
    private final FakeChain chain = FakeChain.respondingWith(200);

    private static Buffer bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return Buffer.buffer(bytes);
    }

    private static byte[] gunzip(Buffer body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aBodyOfExactlyTheThresholdIsGzipped() throws IOException {
        Buffer body = bytes(CompressionStage.THRESHOLD);

        await(stage.apply(request("zip", body), chain));

        OutboundRequest sent = chain.lastRequest();
        assertThat(sent.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(sent.body())).isEqualTo(body.getBytes());
    }

    @Test
    void aLargeRepetitiveBodyIsGzippedSmaller() throws IOException {
        Buffer body = Buffer.buffer("{\"reading\":42}".repeat(1000));

        await(stage.apply(request("zip", body), chain));

        OutboundRequest sent = chain.lastRequest();
        assertThat(sent.headers().getAll("Content-Encoding")).containsExactly("gzip");
        assertThat(sent.body().length()).isLessThan(body.length() / 10);
        assertThat(gunzip(sent.body())).isEqualTo(body.getBytes());
    }

    @Test
    void aBodyOneByteBelowTheThresholdPassesUntouched() {
        Buffer body = bytes(CompressionStage.THRESHOLD - 1);
        OutboundRequest request = request("zip", body);

        await(stage.apply(request, chain));

        assertThat(chain.lastRequest()).isSameAs(request);
        assertThat(chain.lastRequest().body()).isSameAs(body);
        assertThat(chain.lastRequest().headers().contains("Content-Encoding")).isFalse();
    }

    @Test
    void aRequestWithoutABodyPassesUntouched() {
        OutboundRequest request = request("zip", null);

        await(stage.apply(request, chain));

        assertThat(chain.lastRequest()).isSameAs(request);
        assertThat(chain.lastRequest().body()).isNull();
        assertThat(chain.lastRequest().headers().contains("Content-Encoding")).isFalse();
    }

    @Test
    void aBodyThatAlreadyHasAContentEncodingIsNotCompressedAgain() {
        Buffer body = bytes(4096);
        OutboundRequest request = request("zip", body);
        request.headers().set("content-encoding", "br");

        await(stage.apply(request, chain));

        OutboundRequest sent = chain.lastRequest();
        assertThat(sent.body()).isSameAs(body);
        assertThat(sent.headers().getAll("Content-Encoding")).containsExactly("br");
    }

    @Test
    void theChainsResponseIsReturned() {
        UpstreamResponse answer = await(stage.apply(request("zip", bytes(2048)), FakeChain.respondingWith(202)));

        assertThat(answer.status()).isEqualTo(202);
    }
}
