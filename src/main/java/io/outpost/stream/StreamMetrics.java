package io.outpost.stream;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One stream's meters, tagged {@code stream=<name>}: {@code outpost_stream_connected},
 * {@code outpost_stream_reconnects_total}, {@code outpost_stream_events_received_total},
 * {@code outpost_stream_heartbeat_misses_total}; and what the reconnection policy decided:
 * {@code outpost_stream_reconnect_steps_total{step=prompt|backoff|rejected|stop}} (the last reconnect's reason
 * is the one that grew last; {@code GET /v1/streams} has it in words) and {@code outpost_stream_reconnect_wait_seconds},
 * the wait before the next attempt (0 while connected).
 */
final class StreamMetrics {

    final Counter reconnects;
    final Counter received;
    final Counter heartbeatMisses;
    private final Map<ReconnectPolicy.Step, Counter> steps = new EnumMap<>(ReconnectPolicy.Step.class);
    private final AtomicLong waitMillis = new AtomicLong();

    <T> StreamMetrics(MeterRegistry registry, String stream, T runner, ToDoubleFunction<T> connected) {
        Gauge.builder("outpost.stream.connected", runner, connected).tag("stream", stream)
                .description("1 while the stream's main transport or its long-poll fallback is connected")
                .register(registry);
        reconnects = Counter.builder("outpost.stream.reconnects").tag("stream", stream)
                .description("Connection attempts after a failed attempt or a lost connection").register(registry);
        received = Counter.builder("outpost.stream.events.received").tag("stream", stream)
                .description("Events received from the upstream").register(registry);
        heartbeatMisses = Counter.builder("outpost.stream.heartbeat.misses").tag("stream", stream)
                .description("Connections declared dead after heartbeat-timeout without a sign of life")
                .register(registry);
        for (ReconnectPolicy.Step step : ReconnectPolicy.Step.values()) {
            steps.put(step, Counter.builder("outpost.stream.reconnect.steps").tag("stream", stream)
                    .tag("step", step.name().toLowerCase(Locale.ROOT))
                    .description("Ends of the main transport's connections by the step decided: prompt (a clean "
                            + "end), backoff (a failure), rejected (the server refuses this client), stop (204)")
                    .register(registry));
        }
        Gauge.builder("outpost.stream.reconnect.wait", waitMillis, w -> w.get() / 1000.0).tag("stream", stream)
                .baseUnit("seconds").description("The wait decided before the next connection attempt, 0 while "
                        + "connected").register(registry);
    }

    void decided(ReconnectPolicy.Step step) {
        steps.get(step).increment();
    }

    void waiting(Duration wait) {
        waitMillis.set(wait.toMillis());
    }
}
