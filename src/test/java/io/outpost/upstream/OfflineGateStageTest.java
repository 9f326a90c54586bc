package io.outpost.upstream;

import static io.outpost.upstream.Exchanges.await;
import static io.outpost.upstream.Exchanges.failureOf;
import static io.outpost.upstream.Exchanges.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import io.outpost.connectivity.LinkMonitor;
import io.outpost.connectivity.LinkMonitor.LinkView;
import io.outpost.connectivity.TestLinks;

class OfflineGateStageTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LinkView NOTHING_RECORDED = new LinkView(true, null, null, null);

    private final LinkMonitor links = TestLinks.reachable(CLOCK, "sensors", "billing");
    private final OfflineGateStage gate = new OfflineGateStage(links);

    @Test
    void anUnreachableRouteIsNotSentToAndCostsNoAttempt() {
        LinkMonitor offline = TestLinks.unreachable(CLOCK, "sensors");
        LinkView before = offline.view("sensors");
        FakeChain chain = FakeChain.respondingWith(200);

        Throwable failure = failureOf(new OfflineGateStage(offline).apply(request("sensors"), chain));

        assertThat(failure).isInstanceOf(NotAttempted.class).hasMessageContaining("sensors");
        assertThat(Classifier.attempted(failure)).isFalse();
        assertThat(chain.calls()).isZero();
        assertThat(offline.view("sensors")).isEqualTo(before);
    }

    @Test
    void aSuccessfulResponseIsRecordedAsReachable() {
        UpstreamResponse answer = await(gate.apply(request("sensors"), FakeChain.respondingWith(204)));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(links.view("sensors").reachable()).isTrue();
        assertThat(links.view("sensors").lastCheckAt()).isEqualTo(NOW);
        assertThat(links.view("sensors").latencyMs()).isNotNull();
    }

    @Test
    void anErrorResponseStillShowsTheLinkWorks() {
        UpstreamResponse answer = await(gate.apply(request("sensors"), FakeChain.respondingWith(503)));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(links.view("sensors").reachable()).isTrue();
        assertThat(links.view("sensors").lastCheckAt()).isEqualTo(NOW);
        assertThat(links.view("sensors").lastError()).isNull();
    }

    @Test
    void aConnectionFailureIsRecordedAndPassedOn() {
        ConnectException refused = new ConnectException("Connection refused");

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(refused)));

        assertThat(failure).isSameAs(refused);
        assertThat(links.view("sensors").lastCheckAt()).isEqualTo(NOW);
        assertThat(links.view("sensors").lastError()).isEqualTo("connect failed: Connection refused");
        assertThat(links.reachable("sensors")).as("one failure is the test threshold").isFalse();
    }

    @Test
    void aRequestThatNeverLeftFurtherInIsNotRecorded() {
        NotAttempted bulkheadFull = new NotAttempted("bulkhead full");

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(bulkheadFull)));

        assertThat(failure).isSameAs(bulkheadFull);
        assertThat(links.view("sensors")).isEqualTo(NOTHING_RECORDED);
    }

    @Test
    void missingCredentialsSayNothingAboutTheLink() {
        CredentialsUnavailable noToken = new CredentialsUnavailable(new ConnectException("token endpoint refused"));

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(noToken)));

        assertThat(failure).isSameAs(noToken);
        assertThat(links.view("sensors")).isEqualTo(NOTHING_RECORDED);
        assertThat(links.reachable("sensors")).isTrue();
    }

    @Test
    void anOpenCircuitIsNotRecorded() {
        CircuitBreakerOpenException open = new CircuitBreakerOpenException("route sensors");

        Throwable failure = failureOf(gate.apply(request("sensors"), FakeChain.failingWith(open)));

        assertThat(failure).isSameAs(open);
        assertThat(links.view("sensors")).isEqualTo(NOTHING_RECORDED);
    }

    @Test
    void eachRouteIsRecordedSeparately() {
        await(gate.apply(request("sensors"), FakeChain.respondingWith(200)));
        failureOf(gate.apply(request("billing"), FakeChain.failingWith(new ConnectException("refused"))));

        assertThat(links.view("sensors").lastError()).isNull();
        assertThat(links.view("billing").lastError()).isEqualTo("connect failed: refused");
    }
}
