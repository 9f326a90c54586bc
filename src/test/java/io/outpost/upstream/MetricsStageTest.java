package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.await;
import static io.outpost.upstream.Exchanges.failureOf;
import static io.outpost.upstream.Exchanges.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class MetricsStageTest {

    private static final String LATENCY = "outpost.delivery.latency";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final MetricsStage stage = new MetricsStage(registry, "telemetry",
            (request, answer) -> heard.add(request.route() + " " + answer.status()));

    private Timer timer(String outcome) {
        return registry.find(LATENCY).tags("route", "telemetry", "outcome", outcome).timer();
    }

    @Test
    void aSuccessIsTimedAs2xx() {
        UpstreamResponse answer = await(stage.apply(request("telemetry"), FakeChain.respondingWith(204)));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(timer("2xx").count()).isEqualTo(1);
        assertThat(registry.find(LATENCY).timers()).hasSize(1);
    }

    @Test
    void aServerErrorIsTimedAs5xx() {
        await(stage.apply(request("telemetry"), FakeChain.respondingWith(503)));

        assertThat(timer("5xx").count()).isEqualTo(1);
        assertThat(registry.find(LATENCY).timers()).hasSize(1);
    }

    @Test
    void repeatedOutcomesShareOneTimer() {
        await(stage.apply(request("telemetry"), FakeChain.respondingWith(200)));
        await(stage.apply(request("telemetry"), FakeChain.respondingWith(201)));
        await(stage.apply(request("telemetry"), FakeChain.respondingWith(404)));

        assertThat(timer("2xx").count()).isEqualTo(2);
        assertThat(timer("4xx").count()).isEqualTo(1);
    }

    @Test
    void everyAnswerIsHeardAndNoFailure() {
        await(stage.apply(request("telemetry"), FakeChain.respondingWith(429)));
        await(stage.apply(request("telemetry"), FakeChain.respondingWith(204)));
        failureOf(stage.apply(request("telemetry"), FakeChain.failingWith(new ConnectException("refused"))));

        assertThat(heard).containsExactly("telemetry 429", "telemetry 204");
    }

    @Test
    void anAttemptedFailureIsTimedAsError() {
        ConnectException refused = new ConnectException("Connection refused");

        Throwable failure = failureOf(stage.apply(request("telemetry"), FakeChain.failingWith(refused)));

        assertThat(failure).isSameAs(refused);
        assertThat(timer("error").count()).isEqualTo(1);
        assertThat(registry.find(LATENCY).timers()).hasSize(1);
    }

    @Test
    void aRequestThatWasNotAttemptedIsNotTimed() {
        NotAttempted offline = new NotAttempted("route telemetry is unreachable");

        Throwable failure = failureOf(stage.apply(request("telemetry"), FakeChain.failingWith(offline)));

        assertThat(failure).isSameAs(offline);
        assertThat(registry.find(LATENCY).timers()).isEmpty();
    }

    @Test
    void anOpenCircuitIsNotTimed() {
        failureOf(stage.apply(request("telemetry"),
                FakeChain.failingWith(new CircuitBreakerOpenException("route telemetry"))));

        assertThat(registry.find(LATENCY).timers()).isEmpty();
    }
}
