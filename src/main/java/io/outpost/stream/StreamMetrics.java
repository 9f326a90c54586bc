package io.outpost.stream;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One stream's meters, tagged {@code stream=<name>}: {@code outpost_stream_connected},
 * {@code outpost_stream_reconnects_total}, {@code outpost_stream_events_received_total},
 * {@code outpost_stream_heartbeat_misses_total}.
 */
final class StreamMetrics {

    final Counter reconnects;
    final Counter received;
    final Counter heartbeatMisses;

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
    }
}
