package io.outpost.upstream;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Why a request got no answer from its upstream, as the agent tells a local client that waited for one: its
 * own status (502 the upstream failed the exchange, 503 the agent did not send, 504 no answer in time), a
 * token for {@code Outpost-Error}, a {@code Retry-After} where the agent knows one, and whether the request
 * may have reached the upstream (then resending it may do its work twice). Pure.
 *
 * @param status 502, 503 or 504
 * @param reason {@code Outpost-Error}: one of the constants here
 * @param mayHaveReached false only when the request certainly never left the agent or never got through
 *        the connection's set-up
 */
public record NoAnswer(int status, String reason, String detail, Optional<Duration> retryAfter,
        boolean mayHaveReached) {

    public static final String TIMEOUT = "timeout";
    public static final String UNREACHABLE = "unreachable";
    public static final String CONNECTION_CLOSED = "connection-closed";
    public static final String TLS = "tls";
    public static final String CIRCUIT_OPEN = "circuit-open";
    public static final String OFFLINE = "offline";
    public static final String OVERLOADED = "overloaded";
    public static final String CREDENTIALS = "credentials-unavailable";
    public static final String FAILED = "upstream-failed";

    /** @param reopensIn how long the route's circuit stays open, if it is */
    static NoAnswer of(Throwable failure, Optional<Duration> reopensIn) {
        Throwable t = Classifier.unwrap(failure);
        String detail = Classifier.describe(t);
        if (t instanceof CircuitBreakerOpenException) {
            return new NoAnswer(503, CIRCUIT_OPEN, "The route's circuit breaker is open after repeated failures.",
                    reopensIn, false);
        }
        if (t instanceof NotAttempted n) {
            return new NoAnswer(503, n.reason(), detail, Optional.empty(), false);
        }
        if (t instanceof CredentialsUnavailable) {
            return new NoAnswer(503, CREDENTIALS, detail, Optional.empty(), false);
        }
        if (TlsFailures.describe(t).isPresent()) {
            return new NoAnswer(502, TLS, detail, Optional.empty(), false);
        }
        if (detail.startsWith("timeout")) {
            return new NoAnswer(504, TIMEOUT, detail, Optional.empty(), true);
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException) {
            return new NoAnswer(502, UNREACHABLE, detail, Optional.empty(), false);
        }
        if (detail.startsWith("connection closed")) {
            return new NoAnswer(502, CONNECTION_CLOSED, detail, Optional.empty(), true);
        }
        return new NoAnswer(502, FAILED, detail, Optional.empty(), true);
    }
}
