package io.outpost.stream;

/**
 * What a stream tells the connectivity monitor of its route, if it has one and connects to that route's
 * server (see {@link StreamRunners}); otherwise nothing.
 */
interface LinkReport {

    void connected();

    /** The server answered an attempt with {@code status} instead of the stream. */
    void answered(int status);

    void failed(String reason);
}
