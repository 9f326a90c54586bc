package io.outpost.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

class ClassifierTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static UpstreamResponse response(int status, String body, String... headers) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            map.add(headers[i], headers[i + 1]);
        }
        return new UpstreamResponse(status, map, body == null ? null : Buffer.buffer(body));
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 201, 204 })
    void twoHundredsAreDelivered(int status) {
        assertThat(Classifier.classify(response(status, "ok"), NOW)).isEqualTo(new Outcome.Delivered(status));
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 425, 429, 500, 503 })
    void retryableStatusesAreAttemptedRetriesWithTheirRetryAfter(int status) {
        Outcome outcome = Classifier.classify(response(status, "busy", "Retry-After", "7"), NOW);

        assertThat(outcome).isEqualTo(
                new Outcome.Retry(status, "HTTP " + status + ": busy", Optional.of(Duration.ofSeconds(7)), true));
    }

    @Test
    void retryAfterHeaderIsFoundWhateverItsCaseAndMayBeAnHttpDate() {
        Outcome outcome = Classifier.classify(response(429, null, "retry-after", "Thu, 26 Nov 2026 12:01:00 GMT"), NOW);

        assertThat(outcome).isEqualTo(new Outcome.Retry(429, "HTTP 429", Optional.of(Duration.ofMinutes(1)), true));
    }

    @Test
    void retryWithoutOrWithUnreadableRetryAfterHasNoHint() {
        assertThat(((Outcome.Retry) Classifier.classify(response(500, ""), NOW)).retryAfter()).isEmpty();
        assertThat(((Outcome.Retry) Classifier.classify(response(503, "", "Retry-After", "later"), NOW)).retryAfter())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 404, 422 })
    void otherClientErrorsAreDeadWithStatusAndBodyExcerpt(int status) {
        Outcome outcome = Classifier.classify(response(status, "{\"error\":\"bad field\"}"), NOW);

        assertThat(outcome).isEqualTo(new Outcome.Dead(status, "HTTP " + status + ": {\"error\":\"bad field\"}"));
    }

    @Test
    void deadWithoutBodyCarriesOnlyTheStatus() {
        assertThat(Classifier.classify(response(404, null), NOW)).isEqualTo(new Outcome.Dead(404, "HTTP 404"));
        assertThat(Classifier.classify(response(400, " \n "), NOW)).isEqualTo(new Outcome.Dead(400, "HTTP 400"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 301, 302 })
    void redirectsAreDeadAndNameTheLocationNotFollowed(int status) {
        Outcome outcome = Classifier.classify(response(status, "moved", "Location", "https://elsewhere/in"), NOW);

        assertThat(outcome).isInstanceOf(Outcome.Dead.class);
        Outcome.Dead dead = (Outcome.Dead) outcome;
        assertThat(dead.status()).isEqualTo(status);
        assertThat(dead.error()).contains("redirect", "https://elsewhere/in", "not followed");
    }

    @Test
    void redirectWithoutLocationIsStillDead() {
        assertThat(Classifier.classify(response(302, null), NOW))
                .isEqualTo(new Outcome.Dead(302, "HTTP 302: redirect not followed"));
    }

    @Test
    void longBodiesAreCutToTheExcerptLength() {
        String error = ((Outcome.Dead) Classifier.classify(response(400, "x".repeat(5000)), NOW)).error();

        assertThat(error).isEqualTo("HTTP 400: " + "x".repeat(UpstreamResponse.EXCERPT) + "...");
    }

    @Test
    void aBodyOfExactlyTheExcerptLengthIsKeptWhole() {
        String body = "y".repeat(UpstreamResponse.EXCERPT);

        assertThat(((Outcome.Dead) Classifier.classify(response(422, body), NOW)).error()).isEqualTo("HTTP 422: " + body);
        assertThat(((Outcome.Dead) Classifier.classify(response(422, body + "z"), NOW)).error())
                .isEqualTo("HTTP 422: " + body + "...");
    }

    @Test
    void controlCharactersInTheBodyAreReplaced() {
        String body = "line1\nline2\r\n\tend\u0000\u001b[31mred\u007f";

        String error = ((Outcome.Retry) Classifier.classify(response(500, body), NOW)).error();

        assertThat(error).doesNotContainPattern("\\p{Cntrl}").isEqualTo("HTTP 500: line1 line2   end  [31mred");
    }

    @Test
    void connectionRefusedIsAnAttemptedRetry() {
        Outcome outcome = Classifier.classify(new ConnectException("Connection refused"), NOW);

        assertThat(outcome).isEqualTo(new Outcome.Retry(null, "connect failed: Connection refused", Optional.empty(), true));
    }

    @Test
    void unknownHostIsAnAttemptedConnectFailure() {
        Outcome.Retry retry = (Outcome.Retry) Classifier.classify(new UnknownHostException("nowhere.example"), NOW);

        assertThat(retry.attempted()).isTrue();
        assertThat(retry.error()).isEqualTo("connect failed: nowhere.example");
    }

    @Test
    void failuresBeforeTheRequestLeftAreNotAttempted() {
        for (Throwable t : new Throwable[] { new NotAttempted("route offline"),
                new CircuitBreakerOpenException("circuit open"), new BulkheadException("bulkhead full") }) {
            Outcome outcome = Classifier.classify(t, NOW);

            assertThat(outcome).isInstanceOf(Outcome.Retry.class);
            assertThat(((Outcome.Retry) outcome).attempted()).as(t.toString()).isFalse();
            assertThat(Classifier.attempted(t)).isFalse();
        }
    }

    @Test
    void timeoutsAreAttemptedRetries() {
        for (Throwable t : new Throwable[] { new TimeoutException("took 5000 ms"),
                new java.util.concurrent.TimeoutException("took 5000 ms") }) {
            Outcome.Retry retry = (Outcome.Retry) Classifier.classify(t, NOW);

            assertThat(retry.attempted()).isTrue();
            assertThat(retry.status()).isNull();
            assertThat(retry.error()).startsWith("timeout").contains("took 5000 ms");
        }
    }

    @Test
    void anUpstreamFailureIsClassifiedAsItsResponse() {
        UpstreamResponse unavailable = response(503, "maintenance", "Retry-After", "30");

        assertThat(Classifier.classify(new UpstreamFailure(unavailable), NOW))
                .isEqualTo(Classifier.classify(unavailable, NOW))
                .isEqualTo(new Outcome.Retry(503, "HTTP 503: maintenance", Optional.of(Duration.ofSeconds(30)), true));
    }

    @Test
    void wrappersFromAsyncCodeAreLookedThrough() {
        ConnectException refused = new ConnectException("Connection refused");

        assertThat(Classifier.classify(new CompletionException(refused), NOW))
                .isEqualTo(Classifier.classify(refused, NOW));
        Throwable nested = new ExecutionException(new CompletionException(new NotAttempted("offline")));
        assertThat(((Outcome.Retry) Classifier.classify(nested, NOW)).attempted()).isFalse();
    }

    @Test
    void closedConnectionsAndOtherFailuresAreDescribedByKind() {
        assertThat(((Outcome.Retry) Classifier.classify(new ClosedChannelException(), NOW)).error())
                .isEqualTo("connection closed by the upstream");
        assertThat(((Outcome.Retry) Classifier.classify(new IllegalStateException("boom"), NOW)).error())
                .isEqualTo("IllegalStateException: boom");
        assertThat(((Outcome.Retry) Classifier.classify(new IllegalStateException(), NOW)).error())
                .isEqualTo("IllegalStateException");
    }
}
