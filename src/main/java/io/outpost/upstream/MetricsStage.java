package io.outpost.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Times every request that reaches the upstream, by route and status class, and tells {@code onAnswer} of
 * each answer (what the checklist learns from traffic: a 429, a large body).
 */
final class MetricsStage implements Stage {

    private final MeterRegistry registry;
    private final String route;
    private final BiConsumer<OutboundRequest, UpstreamResponse> onAnswer;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    MetricsStage(MeterRegistry registry, String route, BiConsumer<OutboundRequest, UpstreamResponse> onAnswer) {
        this.registry = registry;
        this.route = route;
        this.onAnswer = onAnswer;
    }

    @Override
    public Uni<UpstreamResponse> apply(OutboundRequest request, Chain chain) {
        long start = System.nanoTime();
        return chain.proceed(request)
                .invoke(r -> {
                    timer(r.status() / 100 + "xx").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    onAnswer.accept(request, r);
                })
                .onFailure(Classifier::attempted)
                .invoke(t -> timer("error").record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    private Timer timer(String outcome) {
        return timers.computeIfAbsent(outcome, o -> Timer.builder("outpost.delivery.latency")
                .description("Upstream request latency").tags("route", route, "outcome", o)
                .publishPercentileHistogram().register(registry));
    }
}
