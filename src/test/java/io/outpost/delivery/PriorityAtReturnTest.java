package io.outpost.delivery;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 28's scenario, {@value #RUNS} times at once: each of the routes "back-0".."back-19" (the default
 * concurrency of 4) gets {@value #LOW} messages of priority 9 and then {@value #URGENT} of priority 0 while
 * its upstream is down, and the upstreams come back together. The first {@value #URGENT} deliveries of every
 * route must be its urgent ones, whatever the lane had claimed or scheduled while it found the upstream gone.
 * The runs go side by side rather than one after another: one boot, a few seconds, and the lanes race each
 * other for the store, which widens the windows this looks for.
 */
@QuarkusTest
class PriorityAtReturnTest {

    static final int RUNS = 20;
    private static final int LOW = 30;
    private static final int URGENT = 10;

    @Test
    void theUrgentMessagesGoFirstWhenTheUpstreamReturnsEveryTime() {
        List<String> routes = IntStream.range(0, RUNS).mapToObj(i -> "back-" + i).toList();
        routes.forEach(r -> TestUpstream.switchable(r).down());
        ExecutorService accepts = Executors.newFixedThreadPool(RUNS);
        CompletableFuture.allOf(routes.stream().map(r -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < LOW; i++) {
                accept(r, "low-" + i, Map.of("Outpost-Priority", "9"));
            }
            for (int i = 0; i < URGENT; i++) {
                accept(r, "urgent-" + i, Map.of("Outpost-Priority", "0"));
            }
        }, accepts)).toArray(CompletableFuture[]::new)).join();
        accepts.shutdown();
        await().atMost(Duration.ofSeconds(20)).until(() -> routes.stream().noneMatch(r -> Boolean.TRUE.equals(
                api().get("/v1/network").then().extract().path("routes.'" + r + "'.reachable"))));
        // each route's time counts from its own upstream's return: bringing twenty servers up one after another
        // took a loaded machine (load 35) most of the two seconds, which the last routes' bound then lacked
        List<TestUpstream> servers = new ArrayList<>();
        List<Long> upAt = new ArrayList<>();
        for (String r : routes) {
            TestUpstream server = TestUpstream.switchable(r).up();
            upAt.add(System.nanoTime());
            server.behave(r, (req, n) -> Reply.status(204));
            servers.add(server);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, RUNS)
                .allMatch(i -> posts(servers.get(i), routes.get(i)).size() >= LOW + URGENT));
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < RUNS; i++) {
            List<Recorded> seen = posts(servers.get(i), routes.get(i));
            soft.assertThat(seen.subList(0, URGENT)).extracting(r -> r.body().toString())
                    .as("the first deliveries of %s", routes.get(i)).allMatch(b -> b.startsWith("urgent-"));
            soft.assertThat(seen).extracting(r -> r.header("Idempotency-Key")).doesNotHaveDuplicates();
            soft.assertThat((seen.get(0).nanos() - upAt.get(i)) / 1_000_000).as("ms to the first delivery of %s",
                    routes.get(i)).isLessThan(2_000);
        }
        soft.assertAll();
    }

    private static List<Recorded> posts(TestUpstream server, String route) {
        return server.requests(route).stream().filter(r -> r.method().equals("POST"))
                .sorted(Comparator.comparingLong(Recorded::nanos)).toList();
    }
}
