package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.failureOf;
import static io.outpost.upstream.Exchanges.request;
import static io.outpost.upstream.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;

class GuardStageTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);

    @BeforeEach
    void needsFaultTolerance() {
        FaultToleranceSupport.requireUsableWithoutCdi();
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

    @Test
    void aTimeoutCancelsTheRequestInFlight() {
        String route = "timeout-cancels";
        AtomicBoolean cancelled = new AtomicBoolean();
        FakeChain chain = FakeChain.answering(r -> Uni.createFrom().<UpstreamResponse>nothing()
                .onCancellation().invoke(() -> cancelled.set(true)));

        assertThat(failureOf(guard(route, 4, 20).apply(request(route), chain))).isInstanceOf(TimeoutException.class);

        Awaitility.await().atMost(Duration.ofSeconds(2)).untilTrue(cancelled);
    }

    @Test
    void aTimedOutRequestGivesUpItsBulkheadPlace() {
        String route = "timeout-frees-bulkhead";
        GuardStage guard = guard(route, 1, 20);
        assertThat(failureOf(guard.apply(request(route), hanging()))).isInstanceOf(TimeoutException.class);
        FakeChain fast = FakeChain.respondingWith(204);

        assertThat(failureOf(guard.apply(request(route), fast))).isNull();
        assertThat(fast.calls()).isEqualTo(1);
    }

    @Test
    void aQueuedRequestWaitsForAPlaceRatherThanTimingOutUnsent() {
        String route = "timeout-queue";
        GuardStage guard = guard(route, 1, 20);
        CompletableFuture<UpstreamResponse> release = new CompletableFuture<>();
        var first = guard.apply(request(route), FakeChain.answering(r -> Uni.createFrom().completionStage(release)))
                .subscribeAsCompletionStage();
        FakeChain queued = FakeChain.respondingWith(204);
        var second = guard.apply(request(route), queued).subscribeAsCompletionStage();

        Awaitility.await().atMost(Duration.ofSeconds(2)).until(first::isDone);
        assertThat(first).isCompletedExceptionally();
        assertThat(second.join().status()).as("sent once the hung request timed out and gave up its place")
                .isEqualTo(204);
        assertThat(queued.calls()).isEqualTo(1);
        release.complete(response(200));
    }
}
