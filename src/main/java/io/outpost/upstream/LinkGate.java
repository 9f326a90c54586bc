package io.outpost.upstream;

/**
 * What the offline gate asks of the link monitor and tells it, so that the pipeline need not know how
 * reachability is judged (the {@code connectivity} package implements it, and probes through this package's
 * TLS settings in turn).
 */
public interface LinkGate {

    /** Whether requests may go to the route now. */
    boolean reachable(String route);

    /** The upstream answered, with {@code status}, after {@code latencyMillis}. */
    void answered(String route, int status, long latencyMillis);

    /** A request to the route got no answer (connection failure, timeout), described for humans. */
    void failed(String route, String error);
}
