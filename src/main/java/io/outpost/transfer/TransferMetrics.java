package io.outpost.transfer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code outpost_transfer_bytes_total{route,direction}} (bytes moved, a resumed download's retried part
 * included) and {@code outpost_transfers_total{route,direction,result}} (completed, failed). Registered at
 * first use: nothing shows until a transfer exists.
 */
@ApplicationScoped
class TransferMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    TransferMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter bytes(Transfer t) {
        return counters.computeIfAbsent("b\0" + t.route() + '\0' + t.direction(), k -> Counter
                .builder("outpost.transfer.bytes").baseUnit("bytes").description("Bytes moved by transfers")
                .tags("route", t.route(), "direction", t.direction().wire()).register(registry));
    }

    void finished(Transfer t, TransferState result) {
        counters.computeIfAbsent("f\0" + t.route() + '\0' + t.direction() + '\0' + result, k -> Counter
                .builder("outpost.transfers").description("Transfers finished, by result")
                .tags("route", t.route(), "direction", t.direction().wire(), "result", result.wire())
                .register(registry)).increment();
    }
}
