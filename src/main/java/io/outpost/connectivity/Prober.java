package io.outpost.connectivity;

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
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Probes a route only while it is unreachable: {@code HEAD <url><probe-path>} at a random moment between
 * half the probe interval and the whole of it (so a fleet's probes do not arrive in step). Any HTTP
 * answer, even 404 or 503, shows the route reachable again. A fresh connection each time: a pooled one
 * might be a half-open relic of the outage.
 */
@ApplicationScoped
public class Prober {

    private final LinkMonitor monitor;
    private final Vertx vertx;
    private final ConnectivityConfig config;
    private final Map<String, RouteConfig> routes;
    private final Map<String, Long> timers = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private HttpClient client;

    Prober(LinkMonitor monitor, Vertx vertx, OutpostConfig outpost, MeterRegistry registry) {
        this.monitor = monitor;
        this.vertx = vertx;
        this.config = outpost.connectivity();
        this.routes = outpost.routes();
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setConnectTimeout((int) config.probeTimeout().toMillis()));
        monitor.onChange(change -> {
            if (change.route() == null) {
                return;
            }
            if (change.reachable()) {
                Long timer = timers.remove(change.route());
                if (timer != null) {
                    vertx.cancelTimer(timer);
                }
            } else {
                schedule(change.route());
            }
        });
    }

    private void count(String route, String result) {
        registry.counter("outpost.connectivity.probes", "route", route, "result", result).increment();
    }

    @PreDestroy
    void stop() {
        timers.values().forEach(vertx::cancelTimer);
        if (client != null) {
            client.close();
        }
    }

    private void schedule(String route) {
        long max = config.probeInterval().toMillis();
        long delay = Math.max(1, ThreadLocalRandom.current().nextLong(max / 2, max + 1));
        timers.put(route, vertx.setTimer(delay, id -> probe(route)));
    }

    private void probe(String route) {
        if (monitor.reachable(route)) {
            timers.remove(route);
            return;
        }
        RouteConfig r = routes.get(route);
        long start = System.nanoTime();
        client.request(new RequestOptions().setMethod(HttpMethod.HEAD)
                        .setAbsoluteURI(io.outpost.delivery.Urls.join(r.url(), r.probePath()))
                        .setTimeout(config.probeTimeout().toMillis()))
                .compose(req -> req.send())
                .onSuccess(resp -> {
                    count(route, "answered");
                    monitor.answered(route, resp.statusCode(), Duration.ofNanos(System.nanoTime() - start).toMillis());
                })
                .onFailure(e -> {
                    count(route, "failed");
                    monitor.failed(route, "probe: " + e.getMessage());
                })
                .onComplete(done -> {
                    if (!monitor.reachable(route)) {
                        schedule(route);
                    }
                });
    }
}
