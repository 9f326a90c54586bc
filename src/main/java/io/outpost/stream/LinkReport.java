package io.outpost.stream;

/**
 * What a stream tells the connectivity monitor of its route, if it has one and connects to that route's
 * server (see {@link StreamRunners}); otherwise nothing.
 */
interface LinkReport {

    void connected();

    void failed(String reason);
}
