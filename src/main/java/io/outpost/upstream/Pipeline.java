package io.outpost.upstream;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** A route's stages in order; the last one sends the request and does not proceed. */
public final class Pipeline {

    private final List<Stage> stages;

    Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public Uni<UpstreamResponse> send(OutboundRequest request) {
        return new Next(0).proceed(request);
    }

    List<Stage> stages() {
        return stages;
    }

    /** The rest of the chain from {@code index} on: what a stage proceeds to. */
    private final class Next implements Stage.Chain {
        private final int index;

        Next(int index) {
            this.index = index;
        }

        @Override
        public Uni<UpstreamResponse> proceed(OutboundRequest request) {
            if (index == stages.size()) {
                return Uni.createFrom().failure(new IllegalStateException("the pipeline has no transport stage"));
            }
            return Uni.createFrom().deferred(() -> stages.get(index).apply(request, new Next(index + 1)));
        }
    }
}
