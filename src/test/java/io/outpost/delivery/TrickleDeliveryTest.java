package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Metrics;
import io.outpost.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Messages that arrive one at a time, each delivered before the next: the relay asks the store once per
 * message (the accept's signal), not again after each result (which found nothing, one wasted round trip
 * per message).
 */
@QuarkusTest
class TrickleDeliveryTest {

    private static final String CLAIMS = "outpost_delivery_claims_total{route=\"trickle\"}";

    @Test
    void aTrickleCostsAboutOneClaimPerMessage() {
        TestUpstream upstream = TestUpstream.shared();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(TrickleDeliveryTest::claims); // the series is exported
        double before = claims();
        int sent = 20;
        for (int i = 0; i < sent; i++) {
            String id = accept("trickle", "t" + i);
            await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(message(id).getString("status")));
        }
        assertThat(upstream.requests("trickle")).hasSize(sent);
        double used = claims() - before;
        assertThat(used).as("claims for %d messages", sent).isBetween((double) sent, sent * 1.5);
    }

    private static double claims() {
        return Metrics.scrape().value(CLAIMS);
    }
}
