package io.outpost.delivery;

import static io.outpost.delivery.Exchanges.failureOf;
import static io.outpost.delivery.Exchanges.request;
import static io.outpost.delivery.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

class GuardStageTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @BeforeEach
    void needsFaultTolerance() {
        FaultToleranceSupport.assumeUsableWithoutCdi();
    }

    private static GuardStage guard(String route, int concurrency, int requestVolume) {
        return new GuardStage(route, TestRoutes.config(concurrency, TIMEOUT, requestVolume, 1.0, Duration.ofMinutes(5),
                Optional.empty()), state -> { });
    }

    private static FakeChain hanging() {
        return FakeChain.answering(r -> Uni.createFrom().nothing());
    }

    @Test
    void aSlowUpstreamFailsWithATimeoutAfterTheRouteTimeout() {
        String route = "timeout-slow";
        FakeChain slow = FakeChain.answering(r -> Uni.createFrom().item(response(200))
                .onItem().delayIt().by(Duration.ofSeconds(5)));

        long start = System.nanoTime();
        Throwable failure = failureOf(guard(route, 4, 20).apply(request(route), slow));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure).isInstanceOf(TimeoutException.class);
        assertThat(Classifier.attempted(failure)).isTrue();
        assertThat(elapsed).isBetween(TIMEOUT.minusMillis(50), Duration.ofSeconds(2));
    }

    @Test
    void timeoutsCountAgainstTheCircuit() {
        String route = "timeout-opens-circuit";
        GuardStage guard = guard(route, 4, 2);
        FakeChain hanging = hanging();
        failureOf(guard.apply(request(route), hanging));
        failureOf(guard.apply(request(route), hanging));

        assertThat(guard.circuitState()).isEqualTo(CircuitBreakerState.OPEN);
    }

    @Disabled("BUG: GuardStage's timeout fails the Uni with TimeoutException but never cancels the chain's Uni "
            + "(SmallRye FT does not propagate cancellation into the guarded Uni), so TransportStage's "
            + "onCancellation reset never runs and a hung HTTP request keeps its pooled connection")
    @Test
    void aTimeoutCancelsTheRequestInFlight() {
        String route = "timeout-cancels";
        AtomicBoolean cancelled = new AtomicBoolean();
        FakeChain chain = FakeChain.answering(r -> Uni.createFrom().<UpstreamResponse>nothing()
                .onCancellation().invoke(() -> cancelled.set(true)));

        assertThat(failureOf(guard(route, 4, 20).apply(request(route), chain))).isInstanceOf(TimeoutException.class);

        Awaitility.await().atMost(Duration.ofSeconds(2)).untilTrue(cancelled);
    }

    @Disabled("BUG: a request that timed out keeps its bulkhead place until the chain's Uni ends; with "
            + "concurrency=1 and one hung request, every later request queues behind it and times out without "
            + "ever reaching the chain (calls=0), so `concurrency` hung requests stall the route")
    @Test
    void aTimedOutRequestGivesUpItsBulkheadPlace() {
        String route = "timeout-frees-bulkhead";
        GuardStage guard = guard(route, 1, 20);
        assertThat(failureOf(guard.apply(request(route), hanging()))).isInstanceOf(TimeoutException.class);
        FakeChain fast = FakeChain.respondingWith(204);

        assertThat(failureOf(guard.apply(request(route), fast))).isNull();
        assertThat(fast.calls()).isEqualTo(1);
    }

    @Disabled("BUG: a request that timed out while waiting in the bulkhead queue is still sent once a place "
            + "frees up, after its caller got TimeoutException and scheduled a retry: a ghost send whose answer "
            + "nobody reads (a duplicate delivery under the same Idempotency-Key)")
    @Test
    void aRequestThatTimedOutWhileQueuedIsNeverSent() {
        String route = "timeout-no-ghost-send";
        GuardStage guard = guard(route, 1, 20);
        CompletableFuture<UpstreamResponse> release = new CompletableFuture<>();
        failureOf(guard.apply(request(route), FakeChain.answering(r -> Uni.createFrom().completionStage(release))));
        FakeChain queued = FakeChain.respondingWith(204);
        assertThat(failureOf(guard.apply(request(route), queued))).isInstanceOf(TimeoutException.class);

        release.complete(response(200));
        FakeChain next = FakeChain.respondingWith(204);
        assertThat(failureOf(guard.apply(request(route), next))).isNull();

        assertThat(queued.calls()).isZero();
    }
}
