package io.outpost.upstream;

/**
 * A response that counts as a failure (408, 425, 429, 5xx), thrown inside the guard so that the circuit
 * breaker sees it; outside the guard it becomes a response again.
 */
final class UpstreamFailure extends RuntimeException {

    private final transient UpstreamResponse response;

    UpstreamFailure(UpstreamResponse response) {
        super("HTTP " + response.status(), null, false, false);
        this.response = response;
    }

    UpstreamResponse response() {
        return response;
    }
}
