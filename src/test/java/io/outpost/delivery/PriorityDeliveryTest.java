package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PriorityDeliveryTest {

    private final TestUpstream upstream = TestUpstream.shared();

    @Test
    void urgentMessagesOvertakeABacklog() {
        upstream.behave("prio", (r, n) -> Reply.status(204).after(40));
        for (int i = 0; i < 60; i++) {
            accept("prio", "low-" + i, Map.of("Outpost-Priority", "9"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests("prio").size() >= 5);
        int sentBefore = upstream.requests("prio").size();
        for (int i = 0; i < 5; i++) {
            accept("prio", "urgent-" + i, Map.of("Outpost-Priority", "0"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> upstream.requests("prio").size() >= 65);

        List<String> order = upstream.requests("prio").stream().map(Recorded::body).map(Object::toString).toList();
        int firstUrgent = order.indexOf("urgent-0");
        int lastUrgent = order.indexOf("urgent-4");
        int lastLow = order.lastIndexOf("low-59");
        assertThat(lastUrgent - firstUrgent).as("the urgent ones went out back to back").isEqualTo(4);
        assertThat(order.subList(firstUrgent, lastUrgent + 1)).allMatch(b -> b.startsWith("urgent-"));
        // concurrency 1: at most the request in flight and one already claimed go before them
        assertThat(firstUrgent).as("next out after they were accepted").isLessThanOrEqualTo(sentBefore + 2);
        assertThat(lastUrgent).as("well before the backlog was through").isLessThan(lastLow - 10);
        assertThat(order.stream().filter(b -> b.startsWith("low-")).toList())
                .as("the backlog itself stays oldest first").isSortedAccordingTo(
                        (a, b) -> Integer.compare(Integer.parseInt(a.substring(4)), Integer.parseInt(b.substring(4))));
    }
}
