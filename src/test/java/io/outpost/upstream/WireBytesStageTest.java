package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** A request's bytes on the wire as the stage counts them, and when it tells the meter. */
class WireBytesStageTest {

    private static final String READING = "{\"device\":\"gw-17\",\"sensor\":\"t-4\",\"celsius\":21.5,\"humidity\":48.2,"
            + "\"at\":\"2026-12-08T10:15:00Z\",\"battery\":3.71,\"rssi\":-67,\"seq\":1048576,\"site\":\"north-yard\"}";

    private static OutboundRequest delivery(String body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json")
                .set("Idempotency-Key", "0b5e7c0e-8a7e-4d0c-9d8e-2f1f3c1d2a4b");
        return new OutboundRequest("t", HttpMethod.POST, "https://ingest.example.test/v1/readings?site=7", headers,
                Buffer.buffer(body), 1024);
    }

    @Test
    void countsTheRequestLineEveryHeaderTheBlankLineAndTheBody() {
        OutboundRequest request = delivery(READING);
        String expected = "POST /v1/readings?site=7 HTTP/1.1\r\n"
                + "Content-Type: application/json\r\n"
                + "Idempotency-Key: 0b5e7c0e-8a7e-4d0c-9d8e-2f1f3c1d2a4b\r\n"
                + "host: ingest.example.test\r\n"
                + "content-length: " + READING.length() + "\r\n"
                + "accept-encoding: " + WireBytesStage.CLIENT_ACCEPT_ENCODING + "\r\n"
                + "\r\n" + READING;
        assertThat(WireBytesStage.size(request)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aGzippedBodyCountsAtItsCompressedSize() {
        String batch = READING.repeat(20);
        OutboundRequest plain = delivery(batch);
        OutboundRequest gzipped = plain.withHeader("Content-Encoding", "gzip").withBody(CompressionStage.gzip(plain.body()));
        assertThat(WireBytesStage.size(gzipped)).isLessThan(WireBytesStage.size(plain) / 4);
    }

    @Test
    void theMeterIsToldOnceTheRequestGotAnAnswerAndNotWhenItNeverLeft() {
        List<Long> sent = new ArrayList<>();
        WireBytesStage stage = new WireBytesStage((route, bytes) -> sent.add(bytes));
        OutboundRequest request = delivery(READING);
        stage.apply(request, r -> Uni.createFrom().item(new UpstreamResponse(503, MultiMap.caseInsensitiveMultiMap(),
                Buffer.buffer()))).await().indefinitely();
        assertThat(sent).containsExactly(WireBytesStage.size(request));
        stage.apply(request, r -> Uni.createFrom().<UpstreamResponse>failure(new java.net.ConnectException("refused")))
                .onFailure().recoverWithNull().await().indefinitely();
        stage.apply(request, r -> Uni.createFrom().<UpstreamResponse>failure(new NotAttempted("offline")))
                .onFailure().recoverWithNull().await().indefinitely();
        assertThat(sent).as("a refused connection and a request never sent cost nothing").hasSize(1);
        stage.apply(request, r -> Uni.createFrom().<UpstreamResponse>failure(new java.util.concurrent.TimeoutException()))
                .onFailure().recoverWithNull().await().indefinitely();
        assertThat(sent).as("a timeout after the request left costs its bytes").hasSize(2);
    }
}
