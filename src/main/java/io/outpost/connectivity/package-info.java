/**
 * Network status: whether each route's upstream is reachable, judged from the traffic that goes there
 * (the pipeline reports it through {@link io.outpost.upstream.LinkGate}) and from probes while a route is
 * down or idle; the network state (online, degraded, offline) and its events.
 *
 * <p>Used by {@code delivery}, {@code stream}, {@code transfer} and {@code api}. Depends on {@code upstream}
 * and {@code config}.
 */
package io.outpost.connectivity;
