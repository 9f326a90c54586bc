package io.outpost.upstream;

/**
 * Told the size of every request a route's pipeline puts on the wire, so that what meters a link (the
 * {@code budget} package) need not sit in the pipeline: a port, as {@link LinkGate} is.
 */
public interface WireMeter {

    /** {@code bytes} of one request (request line, headers and body, as sent) went out to the route's upstream. */
    void sent(String route, long bytes);
}
