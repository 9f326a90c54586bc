package io.outpost.connectivity;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.ConnectivityConfig;
import io.outpost.config.OutpostConfig;
import io.outpost.upstream.LinkGate;

/**
 * Whether each route's upstream is reachable, from the traffic that goes there (passive) and, while a
 * route is down, from probes (active, see {@link Prober}). The relay sends nothing to an unreachable
 * route; listeners hear of every change, the relay first of all, which drains the route on its return.
 */
@ApplicationScoped
public class LinkMonitor implements LinkGate {

    private static final Logger LOG = Logger.getLogger(LinkMonitor.class);

    /** What the monitor reports: a route's reachability changed, or the network state alone did. */
    public sealed interface Change {
        NetworkState network();

        /** When the new state began. */
        Instant at();
    }

    /** A route became reachable or unreachable ({@code error}: why not), with the network state after it. */
    public record RouteChange(String route, boolean reachable, NetworkState network, Instant at, String error)
            implements Change {
    }

    /**
     * A stream's server refused this client ({@code reason}: 401/403, a close 1003, 1008 or 4000-4999): no change
     * of reachability (the server answered), but a fault an operator must fix; the stream waits until
     * {@code retryAt}.
     */
    public record StreamRefusal(String stream, String reason, Instant retryAt, NetworkState network, Instant at)
            implements Change {
    }

    /** The network state changed while no route's reachability did (an answer with an error, say). */
    public record NetworkChange(NetworkState network, Instant at) implements Change {
    }

    /** What the API shows for one route. */
    public record LinkView(boolean reachable, Instant lastCheckAt, Long latencyMs, String lastError) {
    }

    private final Clock clock;
    private final ConnectivityConfig config;
    private final Map<String, RouteLink> links = new LinkedHashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private NetworkState network = NetworkState.ONLINE;
    private Instant networkSince;
    private final Counter toOffline;
    private final Counter toOnline;

    LinkMonitor(Clock clock, OutpostConfig outpost, MeterRegistry registry) {
        this.clock = clock;
        this.config = outpost.connectivity();
        this.networkSince = clock.instant();
        outpost.routes().keySet().stream().sorted().forEach(route -> {
            links.put(route, new RouteLink(config.failureThreshold(), networkSince));
            Gauge.builder("outpost.route.reachable", this, m -> m.reachable(route) ? 1 : 0).tag("route", route)
                    .description("1 while the route's upstream is reachable").register(registry);
        });
        Gauge.builder("outpost.network.state", this, m -> m.network().ordinal())
                .description("0 online, 1 degraded, 2 offline").register(registry);
        toOffline = Counter.builder("outpost.route.transitions").tag("to", "unreachable").register(registry);
        toOnline = Counter.builder("outpost.route.transitions").tag("to", "reachable").register(registry);
    }

    /** Tells {@code listener} of every change: of a route's and of the network state alone. */
    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Tells {@code listener} of every change of a route's reachability. */
    public void onRouteChange(Consumer<RouteChange> listener) {
        onChange(change -> {
            if (change instanceof RouteChange route) {
                listener.accept(route);
            }
        });
    }

    @Override
    public synchronized boolean reachable(String route) {
        RouteLink link = links.get(route);
        return link == null || link.reachable();
    }

    /** The upstream answered, with {@code status}, after {@code latencyMillis}. */
    @Override
    public void answered(String route, int status, long latencyMillis) {
        answered(route, status >= 500 || status == 429, latencyMillis);
    }

    /**
     * A probe was answered: the route is reachable, whatever the status, since the probe path need not be a
     * resource of the upstream's; it counts as a good outcome, so an idle route's old failures age out.
     */
    void probeAnswered(String route, long latencyMillis) {
        answered(route, false, latencyMillis);
    }

    private void answered(String route, boolean failing, long latencyMillis) {
        Change change = null;
        synchronized (this) {
            RouteLink link = links.get(route);
            if (link == null) {
                return;
            }
            if (link.answered(clock.instant(), latencyMillis)) {
                change = change(route, link);
            } else {
                if (failing) {
                    link.answeredWithError();
                }
                if (updateNetwork()) {
                    change = new NetworkChange(network, networkSince);
                }
            }
        }
        publish(change);
    }

    /** A request or probe did not reach the upstream (refused, reset, timed out). */
    @Override
    public void failed(String route, String error) {
        Change change = null;
        synchronized (this) {
            RouteLink link = links.get(route);
            if (link != null && link.failed(clock.instant(), error)) {
                change = change(route, link);
            }
        }
        publish(change);
    }

    public synchronized LinkView view(String route) {
        RouteLink l = links.get(route);
        return new LinkView(l.reachable(), l.lastCheckAt(), l.latencyMillis() < 0 ? null : l.latencyMillis(),
                l.lastError());
    }

    public synchronized Map<String, LinkView> views() {
        Map<String, LinkView> views = new LinkedHashMap<>();
        links.keySet().forEach(route -> views.put(route, view(route)));
        return views;
    }

    public synchronized NetworkState network() {
        return network;
    }

    public synchronized Instant networkSince() {
        return networkSince;
    }

    private RouteChange change(String route, RouteLink link) {
        updateNetwork();
        (link.reachable() ? toOnline : toOffline).increment();
        LOG.infof("Route %s is %s (network %s)%s", route, link.reachable() ? "reachable again" : "unreachable",
                network.wire(), link.reachable() ? "" : ": " + link.lastError());
        return new RouteChange(route, link.reachable(), network, link.since(), link.lastError());
    }

    /** Whether the network state changed. */
    private boolean updateNetwork() {
        NetworkState now = NetworkState.of(links.values(), config.degradedFailureRatio());
        if (now == network) {
            return false;
        }
        network = now;
        networkSince = clock.instant();
        return true;
    }

    /** Reports that a stream's server refused this client, to every listener (the network events). */
    public void streamRefused(String stream, String reason, Instant retryAt) {
        NetworkState now;
        synchronized (this) {
            now = network;
        }
        publish(new StreamRefusal(stream, reason, retryAt, now, clock.instant()));
    }

    private void publish(Change change) {
        if (change != null) {
            listeners.forEach(l -> l.accept(change));
        }
    }
}
