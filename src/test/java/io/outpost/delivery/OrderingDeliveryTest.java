package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.acceptConcurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrderingDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void perKeyOrderHoldsUnderConcurrencyEight() {
        int keys = 10;
        int messages = 1000;
        upstream.behave("ordered", (r, n) -> Reply.status(204).after(ThreadLocalRandom.current().nextLong(1, 8)));
        // one lane per key: each key's messages are accepted in order, the keys side by side
        acceptConcurrently(keys, messages, i -> accept("ordered", "k" + (i % keys) + ":" + (i / keys),
                Map.of("Outpost-Ordering-Key", "k" + (i % keys))));
        await().atMost(Duration.ofSeconds(60)).until(() -> upstream.requests("ordered").size() >= messages
                && upstream.requests("ordered").stream().allMatch(r -> upstream.answeredAt(r) != null));

        List<Recorded> seen = upstream.requests("ordered");
        assertThat(seen).hasSize(messages);
        Map<String, List<Recorded>> byKey = new HashMap<>();
        for (Recorded r : seen) {
            byKey.computeIfAbsent(r.body().toString().split(":")[0], k -> new ArrayList<>()).add(r);
        }
        assertThat(byKey).hasSize(keys);
        byKey.forEach((key, requests) -> {
            requests.sort(Comparator.comparingLong(Recorded::nanos));
            assertThat(requests).extracting(r -> Integer.parseInt(r.body().toString().split(":")[1]))
                    .as("accept order of %s", key).containsExactlyElementsOf(range(messages / keys));
            for (int i = 1; i < requests.size(); i++) {
                assertThat(requests.get(i).nanos()).as("%s: a request before the previous one was answered", key)
                        .isGreaterThanOrEqualTo(upstream.answeredAt(requests.get(i - 1)));
            }
        });
        assertThat(upstream.peakInFlight(seen)).as("keys went out in parallel, within the route's concurrency")
                .isBetween(2, 8);
    }

    private static List<Integer> range(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
