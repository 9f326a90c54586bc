package io.outpost.delivery;

import static io.outpost.delivery.Exchanges.await;
import static io.outpost.delivery.Exchanges.failureOf;
import static io.outpost.delivery.Exchanges.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.outpost.connectivity.LinkMonitor;
import io.outpost.connectivity.LinkMonitor.LinkState;
import io.outpost.connectivity.TestLinks;

class OfflineGateStageTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LinkState NOTHING_RECORDED = new LinkState(true, null, null);

    private final LinkMonitor links = TestLinks.reachable(CLOCK);
    private final OfflineGateStage gate = new OfflineGateStage(links);

    @Test
    void anUnreachableRouteIsNotSentToAndCostsNoAttempt() {
        LinkMonitor offline = TestLinks.unreachable(CLOCK);
        FakeChain chain = FakeChain.respondingWith(200);

        Throwable failure = failureOf(new OfflineGateStage(offline).apply(request("sensors"), chain));

        assertThat(failure).isInstanceOf(NotAttempted.class).hasMessageContaining("sensors");
        assertThat(Classifier.attempted(failure)).isFalse();
        assertThat(chain.calls()).isZero();
        assertThat(offline.state("sensors")).isEqualTo(NOTHING_RECORDED);
    }

    @Test
    void aSuccessfulResponseIsRecordedAsReachable() {
        UpstreamResponse answer = await(gate.apply(request("sensors"), FakeChain.respondingWith(204)));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(links.state("sensors")).isEqualTo(new LinkState(true, NOW, null));
    }

    @Test
    void anErrorResponseStillShowsTheLinkWorks() {
        UpstreamResponse answer = await(gate.apply(request("sensors"), FakeChain.respondingWith(503)));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(links.state("sensors")).isEqualTo(new LinkState(true, NOW, null));
    }

    @Test
    void aConnectionFailureIsRecordedAndPassedOn() {
        ConnectException refused = new ConnectException("Connection refused");

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(refused)));

        assertThat(failure).isSameAs(refused);
        assertThat(links.state("sensors").lastCheckAt()).isEqualTo(NOW);
        assertThat(links.state("sensors").lastError()).isEqualTo("connect failed: Connection refused");
    }

    @Test
    void aRequestThatNeverLeftFurtherInIsNotRecorded() {
        NotAttempted bulkheadFull = new NotAttempted("bulkhead full");

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(bulkheadFull)));

        assertThat(failure).isSameAs(bulkheadFull);
        assertThat(links.state("sensors")).isEqualTo(NOTHING_RECORDED);
    }

    @Test
    void anOpenCircuitIsNotRecorded() {
        CircuitBreakerOpenException open = new CircuitBreakerOpenException("route sensors");

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(open)));

        assertThat(failure).isSameAs(open);
        assertThat(links.state("sensors")).isEqualTo(NOTHING_RECORDED);
    }

    @Test
    void eachRouteIsRecordedSeparately() {
        await(gate.apply(request("sensors"), FakeChain.respondingWith(200)));
        failureOf(gate.apply(request("billing"), FakeChain.failingWith(new ConnectException("refused"))));

        assertThat(links.state("sensors").lastError()).isNull();
        assertThat(links.state("billing").lastError()).isEqualTo("connect failed: refused");
    }
}
