package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Metrics;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeliveryMetricsTest {

    @Test
    void deliveryResultsLatencyInFlightAndCircuitAreExported() {
        Metrics before = Metrics.scrape();
        double delivered = before.count("outpost_delivery_messages_total{result=\"delivered\",route=\"flaky\"}");
        double retried = before.count("outpost_delivery_messages_total{result=\"retried\",route=\"flaky\"}");
        AtomicInteger tries = new AtomicInteger();
        TestUpstream.shared().behave("flaky", (r, n) -> tries.incrementAndGet() == 1 ? Reply.status(502)
                : Reply.status(200));
        awaitStatus(accept("flaky", "metered"), "delivered", Duration.ofSeconds(10));

        Metrics after = Metrics.scrape();
        assertThat(after.value("outpost_delivery_messages_total{result=\"delivered\",route=\"flaky\"}"))
                .isEqualTo(delivered + 1);
        assertThat(after.value("outpost_delivery_messages_total{result=\"retried\",route=\"flaky\"}"))
                .isGreaterThanOrEqualTo(retried + 1);
        assertThat(after.value("outpost_delivery_latency_seconds_count{outcome=\"2xx\",route=\"flaky\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.text()).contains("outpost_delivery_latency_seconds_bucket{outcome=\"5xx\",route=\"flaky\"");
        assertThat(after.value("outpost_delivery_in_flight{route=\"flaky\"}")).isZero();
        assertThat(after.value("outpost_delivery_circuit{route=\"flaky\"}")).isZero();
        assertThat(after.value("outpost_delivery_messages_total{result=\"dead\",route=\"bad\"}")).isNotNegative();
    }
}
