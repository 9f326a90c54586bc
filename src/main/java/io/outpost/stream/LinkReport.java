package io.outpost.stream;

import java.time.Instant;

/**
 * What a stream tells the connectivity monitor of its route, if it has one and connects to that route's
 * server (see {@link StreamRunners}); otherwise nothing. A refusal is reported for every stream.
 */
interface LinkReport {

    /** The server refused this client; the next attempt is at {@code retryAt}. */
    void refused(String reason, Instant retryAt);

    void connected();

    /** The server answered an attempt with {@code status} instead of the stream. */
    void answered(int status);

    void failed(String reason);
}
