package io.outpost.connectivity;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.ConnectivityConfig;
import io.outpost.config.OutpostConfig;
import io.outpost.config.RouteConfig;
import io.outpost.upstream.Classifier;
import io.outpost.upstream.UpstreamClients;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Probes a route while it is unreachable: {@code HEAD <url><probe-path>} at a random moment between half the
 * probe interval and the whole of it (so a fleet's probes do not arrive in step). Any HTTP answer, even 404
 * or 503, shows the route reachable again. A fresh connection each time: a pooled one might be a half-open
 * relic of the outage. Besides, a route that nothing has reached for the idle-check interval (or ever: the
 * first check follows the start) gets one probe, and one every probe interval while its last contact failed,
 * so that a route without traffic is not shown reachable on faith.
 *
 * <p>Each route is probed with a client of its own from {@link UpstreamClients}, with the route's TLS
 * settings: a probe with other trust or no client certificate than the route's requests would fail where
 * they succeed (and keep a route behind a private CA unreachable for good).
 */
@ApplicationScoped
public class Prober {

    private final LinkMonitor monitor;
    private final Vertx vertx;
    private final ConnectivityConfig config;
    private final Map<String, RouteConfig> routes;
    private final Map<String, Long> timers = new ConcurrentHashMap<>();
    private final Map<String, Long> checks = new ConcurrentHashMap<>();
    private final Clock clock;
    private final MeterRegistry registry;
    private final UpstreamClients upstreams;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    /** Set at shutdown: a probe that the closing client fails must not report to beans being destroyed. */
    private volatile boolean stopped;

    Prober(LinkMonitor monitor, Vertx vertx, OutpostConfig outpost, UpstreamClients upstreams, MeterRegistry registry,
            Clock clock) {
        this.monitor = monitor;
        this.upstreams = upstreams;
        this.clock = clock;
        this.vertx = vertx;
        this.config = outpost.connectivity();
        this.routes = outpost.routes();
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        routes.keySet().forEach(route -> clients.put(route, upstreams.probes(route, config.probeTimeout())));
        monitor.onRouteChange(change -> {
            if (change.reachable()) {
                Long timer = timers.remove(change.route());
                if (timer != null) {
                    vertx.cancelTimer(timer);
                }
            } else {
                schedule(change.route());
            }
        });
        if (!config.idleCheckInterval().isZero()) {
            routes.keySet().forEach(route -> checkLater(route, jittered(config.probeInterval().toMillis())));
        }
    }

    private void count(String route, String result) {
        registry.counter("outpost.connectivity.probes", "route", route, "result", result).increment();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        timers.values().forEach(vertx::cancelTimer);
        checks.values().forEach(vertx::cancelTimer);
        clients.values().forEach(HttpClient::close);
    }

    private void schedule(String route) {
        timers.put(route, vertx.setTimer(jittered(config.probeInterval().toMillis()), id -> probe(route)));
    }

    private static long jittered(long max) {
        return Math.max(1, ThreadLocalRandom.current().nextLong(max / 2, max + 1));
    }

    /** The down loop: probes until the route answers. */
    private void probe(String route) {
        if (monitor.reachable(route)) {
            timers.remove(route);
            return;
        }
        send(route).onComplete(done -> {
            if (!stopped && !monitor.reachable(route)) {
                schedule(route);
            }
        });
    }

    private void checkLater(String route, long delayMillis) {
        checks.put(route, vertx.setTimer(Math.max(1, delayMillis), id -> check(route)));
    }

    /** The idle loop: a probe for a route that nothing reached lately, or whose last contact failed. */
    private void check(String route) {
        long idle = config.idleCheckInterval().toMillis();
        LinkMonitor.LinkView link = monitor.view(route);
        if (!link.reachable()) { // the down loop probes it
            checkLater(route, idle);
            return;
        }
        long quiet = link.lastCheckAt() == null ? Long.MAX_VALUE
                : Duration.between(link.lastCheckAt(), clock.instant()).toMillis();
        if (link.lastError() == null && quiet < idle) {
            checkLater(route, idle - quiet + jittered(idle / 4));
            return;
        }
        send(route).onComplete(done -> {
            if (!stopped) {
                checkLater(route, monitor.view(route).lastError() != null ? jittered(config.probeInterval().toMillis())
                        : jittered(idle));
            }
        });
    }

    private Future<?> send(String route) {
        RouteConfig r = routes.get(route);
        long start = System.nanoTime();
        return clients.get(route).request(new RequestOptions().setMethod(HttpMethod.HEAD)
                        .setAbsoluteURI(r.urlFor(r.probePath()))
                        .setTimeout(config.probeTimeout().toMillis()))
                .compose(req -> req.send())
                .onSuccess(resp -> {
                    if (stopped) {
                        return;
                    }
                    count(route, "answered");
                    monitor.probeAnswered(route, Duration.ofNanos(System.nanoTime() - start).toMillis());
                })
                .onFailure(e -> {
                    if (stopped) {
                        return;
                    }
                    count(route, "failed");
                    monitor.failed(route, "probe: " + Classifier.describe(e));
                });
    }
}
