package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.await;
import static io.outpost.upstream.Exchanges.failureOf;
import static io.outpost.upstream.Exchanges.request;
import static io.outpost.upstream.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.config.RateLimit;
import io.outpost.config.RouteConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;

class GuardStageTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final List<CircuitBreakerState> transitions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsFaultTolerance() {
        FaultToleranceSupport.requireUsableWithoutCdi();
    }

    private GuardStage guard(String route, RouteConfig config) {
        return new GuardStage(route, config, transitions::add);
    }

    private static RouteConfig breaker(int requestVolume) {
        return TestRoutes.config(4, Duration.ofSeconds(10), requestVolume, 1.0, LONG, Optional.empty());
    }

    @Test
    void aRetryableResponseComesBackAsAResponse() {
        String route = "guard-503-is-a-response";
        GuardStage guard = guard(route, breaker(20));

        UpstreamResponse answer = await(guard.apply(request(route), FakeChain.respondingWith(503)));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void retryableResponsesOpenTheCircuitAfterTheRequestVolume() {
        String route = "guard-503s-open";
        GuardStage guard = guard(route, breaker(4));
        FakeChain chain = FakeChain.respondingWith(503);
        for (int i = 0; i < 4; i++) {
            assertThat(await(guard.apply(request(route), chain)).status()).isEqualTo(503);
        }

        Throwable failure = failureOf(guard.apply(request(route), chain));

        assertThat(failure).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(chain.calls()).isEqualTo(4);
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(transitions).containsExactly(CircuitBreakerState.OPEN);
    }

    @Test
    void serverErrorsToReadsDoNotCountAgainstTheCircuit() {
        String route = "guard-read-503s-stay-closed";
        GuardStage guard = guard(route, breaker(4));
        FakeChain chain = FakeChain.respondingWith(503);
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.GET,
                HttpMethod.GET, HttpMethod.GET)) {
            assertThat(await(guard.apply(read(route, method), chain)).status()).as(method.name()).isEqualTo(503);
        }

        assertThat(chain.calls()).isEqualTo(6);
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(transitions).isEmpty();
    }

    @Test
    void readsThatGetNoAnswerDoCountAgainstTheCircuit() {
        String route = "guard-read-failures-open";
        GuardStage guard = guard(route, breaker(4));
        FakeChain chain = FakeChain.failingWith(new ConnectException("Connection refused"));
        for (int i = 0; i < 4; i++) {
            assertThat(failureOf(guard.apply(read(route, HttpMethod.GET), chain))).isInstanceOf(ConnectException.class);
        }

        assertThat(failureOf(guard.apply(read(route, HttpMethod.GET), chain)))
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(chain.calls()).isEqualTo(4);
    }

    private static OutboundRequest read(String route, HttpMethod method) {
        return new OutboundRequest(route, method, "http://127.0.0.1:1/x", MultiMap.caseInsensitiveMultiMap(), null,
                65536);
    }

    @Test
    void clientErrorsDoNotCountAgainstTheCircuit() {
        String route = "guard-400s-stay-closed";
        GuardStage guard = guard(route, breaker(4));
        FakeChain chain = FakeChain.respondingWith(400);
        for (int i = 0; i < 20; i++) {
            assertThat(await(guard.apply(request(route), chain)).status()).isEqualTo(400);
        }

        assertThat(await(guard.apply(request(route), chain)).status()).isEqualTo(400);
        assertThat(chain.calls()).isEqualTo(21);
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(transitions).isEmpty();
    }

    @Test
    void aRateLimitLetsABurstThroughAndDelaysTheNextRequest() {
        String route = "guard-rate-limit";
        GuardStage guard = guard(route, TestRoutes.config(4, Duration.ofSeconds(10), 20, 1.0, LONG,
                Optional.of(new RateLimit(2, Duration.ofSeconds(1)))));
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        FakeChain chain = FakeChain.answering(r -> {
            sentAt.add(System.nanoTime());
            return Uni.createFrom().item(response(204));
        });

        long start = System.nanoTime();
        List<Uni<UpstreamResponse>> calls = List.of(guard.apply(request(route), chain),
                guard.apply(request(route), chain), guard.apply(request(route), chain));
        calls.forEach(Exchanges::await);

        assertThat(sentAt).hasSize(3);
        assertThat(Duration.ofNanos(sentAt.get(0) - start)).isLessThan(Duration.ofMillis(350));
        assertThat(Duration.ofNanos(sentAt.get(1) - start)).isLessThan(Duration.ofMillis(350));
        assertThat(Duration.ofNanos(sentAt.get(2) - start)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(3));
    }

    @Test
    void waitingForTheThrottleDoesNotCountAgainstTheTimeout() {
        String route = "guard-throttle-before-timeout";
        GuardStage guard = guard(route, TestRoutes.config(4, Duration.ofMillis(300), 20, 1.0, LONG,
                Optional.of(new RateLimit(1, Duration.ofSeconds(1)))));
        FakeChain chain = FakeChain.respondingWith(204);

        Uni<UpstreamResponse> first = guard.apply(request(route), chain);
        Uni<UpstreamResponse> second = guard.apply(request(route), chain);

        assertThat(await(first).status()).isEqualTo(204);
        assertThat(await(second).status()).isEqualTo(204);
    }

    @Test
    void aFullBulkheadFailsAsNotAttemptedWithoutCountingAgainstTheCircuit() {
        String route = "guard-bulkhead-full";
        GuardStage guard = guard(route, TestRoutes.config(1, Duration.ofSeconds(10), 4, 1.0, LONG, Optional.empty()));
        FakeChain hanging = FakeChain.answering(r -> Uni.createFrom().nothing());
        int runningAndQueued = 1 + 16;
        for (int i = 0; i < runningAndQueued; i++) {
            guard.apply(request(route), hanging).subscribe().with(response -> { }, failure -> { });
        }

        Throwable failure = failureOf(guard.apply(request(route), hanging));

        assertThat(failure).isInstanceOf(NotAttempted.class).hasMessageContaining("bulkhead full");
        assertThat(hanging.calls()).isEqualTo(1);
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void afterTheDelayASuccessfulProbeClosesTheCircuit() {
        String route = "guard-half-open";
        GuardStage guard = guard(route,
                TestRoutes.config(4, Duration.ofSeconds(10), 2, 1.0, Duration.ofMillis(200), Optional.empty()));
        for (int i = 0; i < 2; i++) {
            await(guard.apply(request(route), FakeChain.respondingWith(500)));
        }
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.OPEN);
        FakeChain recovered = FakeChain.respondingWith(200);

        Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> failureOf(guard.apply(request(route), recovered)) == null);

        assertThat(recovered.calls()).isEqualTo(1);
        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(transitions).containsExactly(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN,
                CircuitBreakerState.CLOSED);
    }
}
