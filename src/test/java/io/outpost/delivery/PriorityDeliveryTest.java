package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PriorityDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();

    /**
     * Concurrency 1. The sixth request (a backlog message) is held in flight until five urgent messages have
     * been accepted and claimed; so what precedes them is fixed, not a race between the test's accepts and
     * the upstream's answers: the held one, and nothing else.
     */
    @Test
    void urgentMessagesOvertakeABacklog() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        upstream.behave("prio", (r, n) -> n == 6 ? Reply.status(204).heldUntil(release) : Reply.status(204).after(40));
        for (int i = 0; i < 60; i++) {
            accept("prio", "low-" + i, Map.of("Outpost-Priority", "9"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests("prio").size() >= 6);
        List<String> urgent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            urgent.add(accept("prio", "urgent-" + i, Map.of("Outpost-Priority", "0")));
        }
        // claimed into the full lane, ahead of what it had claimed before
        await().atMost(Duration.ofSeconds(10)).until(() -> urgent.stream()
                .allMatch(id -> "delivering".equals(message(id).getString("status"))));
        assertThat(upstream.requests("prio")).as("still only the held one in flight").hasSize(6);
        release.complete(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.requests("prio").size() >= 65);

        List<String> order = upstream.requests("prio").stream().map(Recorded::body).map(Object::toString).toList();
        assertThat(order.subList(6, 11)).as("next out after the held one").containsExactly(
                "urgent-0", "urgent-1", "urgent-2", "urgent-3", "urgent-4");
        assertThat(order.stream().filter(b -> b.startsWith("low-")).toList())
                .as("the backlog itself stays oldest first").isSortedAccordingTo(
                        (a, b) -> Integer.compare(Integer.parseInt(a.substring(4)), Integer.parseInt(b.substring(4))));
    }
}
