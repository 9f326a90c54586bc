package io.outpost.upstream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/** The rest of a pipeline, as a canned answer that records every request handed to it. */
final class FakeChain implements Stage.Chain {

    private final Function<OutboundRequest, Uni<UpstreamResponse>> answer;
    private final List<OutboundRequest> received = new CopyOnWriteArrayList<>();

    private FakeChain(Function<OutboundRequest, Uni<UpstreamResponse>> answer) {
        this.answer = answer;
    }

    static FakeChain answering(Function<OutboundRequest, Uni<UpstreamResponse>> answer) {
        return new FakeChain(answer);
    }

    static FakeChain respondingWith(int status) {
        return answering(request -> Uni.createFrom().item(Exchanges.response(status)));
    }

    static FakeChain failingWith(Throwable failure) {
        return answering(request -> Uni.createFrom().failure(failure));
    }

    @Override
    public Uni<UpstreamResponse> proceed(OutboundRequest request) {
        received.add(request);
        return answer.apply(request);
    }

    int calls() {
        return received.size();
    }

    OutboundRequest lastRequest() {
        return received.get(received.size() - 1);
    }

    /** This chain as the pipeline's last stage, the one that sends and does not proceed. */
    Stage asTransport() {
        return (request, rest) -> proceed(request);
    }
}
