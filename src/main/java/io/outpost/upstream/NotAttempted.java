package io.outpost.upstream;

/** A request that never reached the upstream, so it costs its message no attempt. */
public class NotAttempted extends RuntimeException {

    private final String reason;

    public NotAttempted(String message) {
        this("not-attempted", message);
    }

    /** @param reason a token naming why, as a client sees it in {@code Outpost-Error} ({@link NoAnswer}) */
    NotAttempted(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
