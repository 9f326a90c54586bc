package io.outpost.transfer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.OutpostConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code outpost_transfer_bytes_total{route,direction}} (bytes moved, a resumed download's retried part
 * included) and {@code outpost_transfers_total{route,direction,result}} (completed, failed). Every configured
 * route's series exist from the start, at zero: an alert on failed transfers (a rate, an increase) needs a
 * series before the first failure, not one that appears with it.
 */
@ApplicationScoped
class TransferMetrics {

    private static final List<TransferState> RESULTS = List.of(TransferState.COMPLETED, TransferState.FAILED);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    TransferMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void registerRoutes(@Observes StartupEvent start, OutpostConfig config) {
        for (String route : config.routes().keySet()) {
            for (Transfer.Direction direction : Transfer.Direction.values()) {
                bytes(route, direction);
                RESULTS.forEach(result -> finishedCounter(route, direction, result));
            }
        }
    }

    Counter bytes(Transfer t) {
        return bytes(t.route(), t.direction());
    }

    /** What a streamed exchange of {@code t} reports each chunk to: the live counter and the byte metric. */
    LongConsumer progress(ActiveTransfer live, Transfer t) {
        Counter bytes = bytes(t);
        return n -> {
            live.moved(n);
            bytes.increment(n);
        };
    }

    void finished(Transfer t, TransferState result) {
        finishedCounter(t.route(), t.direction(), result).increment();
    }

    private Counter bytes(String route, Transfer.Direction direction) {
        return counters.computeIfAbsent("b\0" + route + '\0' + direction, k -> Counter
                .builder("outpost.transfer.bytes").baseUnit("bytes").description("Bytes moved by transfers")
                .tags("route", route, "direction", direction.wire()).register(registry));
    }

    private Counter finishedCounter(String route, Transfer.Direction direction, TransferState result) {
        return counters.computeIfAbsent("f\0" + route + '\0' + direction + '\0' + result, k -> Counter
                .builder("outpost.transfers").description("Transfers finished, by result")
                .tags("route", route, "direction", direction.wire(), "result", result.wire()).register(registry));
    }
}
