package io.outpost.upstream;

/** A request that never reached the upstream, so it costs its message no attempt. */
public class NotAttempted extends RuntimeException {

    public NotAttempted(String message) {
        super(message, null, false, false);
    }
}
