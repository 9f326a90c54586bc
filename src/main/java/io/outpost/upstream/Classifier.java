package io.outpost.upstream;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * What an attempt's result means (the contract's table): 2xx delivered; 408, 425, 429, 5xx, timeouts and
 * connection errors retried; any other 4xx dead at once. A redirect is not followed for a message (it
 * would change where the body goes) and is dead too. Pure: no I/O, the clock is passed in.
 */
public final class Classifier {

    private Classifier() {
    }

    public static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    public static Outcome classify(UpstreamResponse response, Instant now) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new Outcome.Delivered(status);
        }
        String error = "HTTP " + status + (response.excerpt().isEmpty() ? "" : ": " + response.excerpt());
        if (retryable(status)) {
            return new Outcome.Retry(status, error, RetryAfter.parse(response.header("Retry-After"), now), true);
        }
        if (status >= 300 && status < 400) {
            String location = response.header("Location");
            return new Outcome.Dead(status, "HTTP " + status + ": redirect" + (location == null ? "" : " to " + location)
                    + " not followed");
        }
        return new Outcome.Dead(status, error);
    }

    public static Outcome classify(Throwable failure, Instant now) {
        Throwable t = unwrap(failure);
        if (t instanceof UpstreamFailure f) {
            return classify(f.response(), now);
        }
        return new Outcome.Retry(null, describe(t), Optional.empty(), attempted(t));
    }

    /** Whether a failure happened after the request went out (false: it never left the agent). */
    public static boolean attempted(Throwable failure) {
        Throwable t = unwrap(failure);
        return !(t instanceof NotAttempted || t instanceof CircuitBreakerOpenException
                || t instanceof BulkheadException);
    }

    public static String describe(Throwable t) {
        Optional<String> tls = TlsFailures.describe(t);
        if (tls.isPresent()) {
            return tls.get();
        }
        if (t instanceof TimeoutException || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            return "timeout: " + t.getMessage();
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException) {
            return "connect failed: " + t.getMessage();
        }
        if (t instanceof ClosedChannelException || t.getClass().getSimpleName().equals("HttpClosedException")) {
            return "connection closed by the upstream";
        }
        String message = t.getMessage();
        if (t instanceof CredentialsUnavailable || t instanceof NotAttempted) {
            return message;
        }
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException
                || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
