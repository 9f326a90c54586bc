package io.outpost.upstream;

import java.time.Duration;
import java.util.Optional;

/** What one delivery attempt means for its message. */
public sealed interface Outcome {

    /** 2xx: done. */
    record Delivered(int status) implements Outcome {
    }

    /**
     * Try again later. {@code attempted} is false when no request reached the upstream (circuit open,
     * route offline, bulkhead full): such a try costs the message no attempt.
     */
    record Retry(Integer status, String error, Optional<Duration> retryAfter, boolean attempted) implements Outcome {
    }

    /** A client error the upstream will keep refusing: dead at once, with the status and a body excerpt. */
    record Dead(int status, String error) implements Outcome {
    }
}
