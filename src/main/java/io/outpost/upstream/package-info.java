/**
 * The way out to upstreams: every request the agent sends to a route (a message delivery, a cached read,
 * a transfer) goes through the route's {@link io.outpost.upstream.Pipeline} (streams' long-lived
 * connections aside: {@link io.outpost.upstream.Pipelines} says why), whose stages are ordered in {@link io.outpost.upstream.Pipelines} and only there. Also the HTTP vocabulary
 * the features share: {@link io.outpost.upstream.OutboundRequest}, {@link io.outpost.upstream.UpstreamResponse},
 * the pure {@link io.outpost.upstream.Classifier}, {@link io.outpost.upstream.Backoff},
 * {@link io.outpost.upstream.RetryAfter} and {@link io.outpost.upstream.HttpDate}. It knows nothing of
 * messages, caches or transfers, and asks for what it does not own through three ports:
 * {@link io.outpost.upstream.UpstreamAuth.Factory} (the {@code auth} package),
 * {@link io.outpost.upstream.LinkGate} (the {@code connectivity} package) and
 * {@link io.outpost.upstream.WireMeter} (the {@code budget} package: the bytes each request put on the wire).
 *
 * <p>Used by every feature package; depends only on {@code config}.
 */
package io.outpost.upstream;
