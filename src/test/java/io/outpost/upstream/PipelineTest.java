package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.await;
import static io.outpost.upstream.Exchanges.failureOf;
import static io.outpost.upstream.Exchanges.request;
import static io.outpost.upstream.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

class PipelineTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Stage recording(String name) {
        return (request, chain) -> {
            ran.add(name);
            return chain.proceed(request);
        };
    }

    @Test
    void stagesRunInListOrderBeforeTheTransport() {
        FakeChain transport = FakeChain.respondingWith(204);
        Pipeline pipeline = new Pipeline(List.of(recording("first"), recording("second"), recording("third"),
                transport.asTransport()));

        UpstreamResponse answer = await(pipeline.send(request("orders")));

        assertThat(ran).containsExactly("first", "second", "third");
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(answer.status()).isEqualTo(204);
    }

    @Test
    void eachStageSeesTheRequestThePreviousStageHandedOn() {
        List<OutboundRequest> seenBySecond = new CopyOnWriteArrayList<>();
        Stage addsHeader = (request, chain) -> {
            request.headers().set("X-First", "1");
            return chain.proceed(request.withBody(Buffer.buffer("replaced")));
        };
        Stage changesUri = (request, chain) -> {
            seenBySecond.add(request);
            return chain.proceed(new OutboundRequest(request.route(), request.method(), "http://127.0.0.1:1/y",
                    request.headers(), request.body(), request.maxResponseBytes()));
        };
        FakeChain transport = FakeChain.respondingWith(200);
        Pipeline pipeline = new Pipeline(List.of(addsHeader, changesUri, transport.asTransport()));

        await(pipeline.send(request("orders")));

        assertThat(seenBySecond.get(0).headers().get("X-First")).isEqualTo("1");
        assertThat(seenBySecond.get(0).body().toString()).isEqualTo("replaced");
        OutboundRequest sent = transport.lastRequest();
        assertThat(sent.uri()).isEqualTo("http://127.0.0.1:1/y");
        assertThat(sent.headers().get("X-First")).isEqualTo("1");
        assertThat(sent.body().toString()).isEqualTo("replaced");
    }

    @Test
    void aStageThatDoesNotProceedAnswersForTheRestOfThePipeline() {
        FakeChain transport = FakeChain.respondingWith(204);
        Stage shortCircuit = (request, chain) -> Uni.createFrom().item(response(299));
        Pipeline pipeline = new Pipeline(List.of(recording("first"), shortCircuit, recording("after"),
                transport.asTransport()));

        UpstreamResponse answer = await(pipeline.send(request("orders")));

        assertThat(answer.status()).isEqualTo(299);
        assertThat(ran).containsExactly("first");
        assertThat(transport.calls()).isZero();
    }

    @Test
    void aPipelineWithoutATransportFailsClearly() {
        Pipeline pipeline = new Pipeline(List.of(recording("first"), recording("second")));

        Throwable failure = failureOf(pipeline.send(request("orders")));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("no transport stage");
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void anEmptyPipelineFailsClearly() {
        Throwable failure = failureOf(new Pipeline(List.of()).send(request("orders")));

        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("no transport stage");
    }

    @Test
    void noStageRunsBeforeSubscription() {
        FakeChain transport = FakeChain.respondingWith(204);
        Pipeline pipeline = new Pipeline(List.of(recording("first"), transport.asTransport()));

        Uni<UpstreamResponse> pending = pipeline.send(request("orders"));

        assertThat(ran).isEmpty();
        await(pending);
        await(pending);
        assertThat(ran).containsExactly("first", "first");
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void aStageThatThrowsFailsTheSendInsteadOfThrowing() {
        Stage throwing = (request, chain) -> {
            throw new IllegalArgumentException("bad stage");
        };
        FakeChain transport = FakeChain.respondingWith(204);
        Pipeline pipeline = new Pipeline(List.of(throwing, transport.asTransport()));

        Throwable failure = failureOf(pipeline.send(request("orders")));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessage("bad stage");
        assertThat(transport.calls()).isZero();
    }
}
