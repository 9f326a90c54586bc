package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

class NoAnswerTest {

    private static final Optional<Duration> NONE = Optional.empty();

    @Test
    void whatTheAgentNeverSentIsA503ThatCertainlyDidNotReachTheUpstream() {
        NoAnswer open = NoAnswer.of(new CircuitBreakerOpenException("open"), Optional.of(Duration.ofSeconds(7)));
        assertThat(open).extracting(NoAnswer::status, NoAnswer::reason, NoAnswer::retryAfter, NoAnswer::mayHaveReached)
                .containsExactly(503, NoAnswer.CIRCUIT_OPEN, Optional.of(Duration.ofSeconds(7)), false);
        assertThat(NoAnswer.of(new NotAttempted(NoAnswer.OFFLINE, "route x is unreachable"), NONE))
                .extracting(NoAnswer::status, NoAnswer::reason, NoAnswer::mayHaveReached)
                .containsExactly(503, NoAnswer.OFFLINE, false);
        assertThat(NoAnswer.of(new CompletionException(new NotAttempted(NoAnswer.OVERLOADED, "bulkhead full")), NONE)
                .reason()).isEqualTo(NoAnswer.OVERLOADED);
        assertThat(NoAnswer.of(new CredentialsUnavailable(new IllegalStateException("token endpoint down")), NONE)
                .reason()).isEqualTo(NoAnswer.CREDENTIALS);
    }

    @Test
    void aRefusedConnectionIsA502ThatDidNotReachTheUpstream() {
        NoAnswer refused = NoAnswer.of(new ConnectException("Connection refused"), NONE);
        assertThat(refused).extracting(NoAnswer::status, NoAnswer::reason, NoAnswer::mayHaveReached)
                .containsExactly(502, NoAnswer.UNREACHABLE, false);
    }

    @Test
    void aTimeoutOrADroppedConnectionMayHaveReachedTheUpstream() {
        assertThat(NoAnswer.of(new TimeoutException("no answer within 300 ms"), NONE))
                .extracting(NoAnswer::status, NoAnswer::reason, NoAnswer::mayHaveReached)
                .containsExactly(504, NoAnswer.TIMEOUT, true);
        assertThat(NoAnswer.of(new ClosedChannelException(), NONE))
                .extracting(NoAnswer::status, NoAnswer::reason, NoAnswer::mayHaveReached)
                .containsExactly(502, NoAnswer.CONNECTION_CLOSED, true);
        assertThat(NoAnswer.of(new IllegalStateException("odd"), NONE).mayHaveReached()).isTrue();
    }
}
