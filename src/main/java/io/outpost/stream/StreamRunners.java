package io.outpost.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.config.OutpostConfig;
import io.outpost.config.StreamConfig;
import io.outpost.connectivity.LinkMonitor;
import io.outpost.upstream.Backoff;
import io.outpost.upstream.OutboundRequest;
import io.outpost.upstream.Pipelines;
import io.outpost.upstream.UpstreamAuth;
import io.outpost.upstream.UpstreamClients;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;

/**
 * Builds a stream's runner with its clients: the transport's, the fallback's, the credentials and TLS of
 * the stream's route if it names one, and a connect timeout that is the heartbeat timeout (at most 10 s).
 */
@Singleton
class StreamRunners {

    private static final Logger LOG = Logger.getLogger(StreamRunners.class);

    private final OutpostConfig config;
    private final StreamStore store;
    private final Vertx vertx;
    private final Clock clock;
    private final Pipelines pipelines;
    private final LinkMonitor links;
    private final UpstreamClients clients;
    private final List<Runnable> closers = new ArrayList<>();
    /** Per stream, kept across its runners (a takeover builds a new one): the meters and the runner they read. */
    private final Map<String, StreamRunner[]> current = new HashMap<>();
    private final Map<String, StreamMetrics> meters = new HashMap<>();

    StreamRunners(OutpostConfig config, StreamStore store, Vertx vertx, Clock clock, Pipelines pipelines,
            LinkMonitor links, UpstreamClients clients) {
        this.config = config;
        this.store = store;
        this.vertx = vertx;
        this.clock = clock;
        this.pipelines = pipelines;
        this.links = links;
        this.clients = clients;
    }

    /**
     * A runner for the stream from {@code at}, storing as {@code holder} says; {@code fenced} runs when another
     * agent took the stream over. Called on each takeover of the stream by this agent.
     */
    synchronized StreamRunner runner(String name, StreamConfig stream, StreamStore.Position at, StreamHub hub,
            MeterRegistry registry, Supplier<StreamStore.Holder> holder, Runnable fenced) {
        Context context = vertx.getOrCreateContext();
        ResumePoints position = new ResumePoints(at.lastEventId(), at.pollCursor());
        long timeout = Math.min(stream.heartbeatTimeout().toMillis(), 10_000);
        HttpClient http = clients.streams(stream.route(), Duration.ofMillis(timeout));
        closers.add(http::close);
        Connection.Opener main = switch (stream.transport()) {
            case WEBSOCKET -> webSocket(stream, timeout);
            case SSE -> new SseOpener(http, timeout, () -> position.lastEventId, clock);
            case LONG_POLL -> new LongPollOpener(http, stream.url(), timeout, () -> position.pollCursor,
                    stream.poll(), clock);
        };
        boolean fallsBack = stream.fallbackUrl().isPresent() && stream.transport() != StreamConfig.Transport.LONG_POLL;
        Optional<Connection.Opener> fallback = fallsBack
                ? Optional.of(new LongPollOpener(http, stream.fallbackUrl().get(), timeout,
                        () -> position.pollCursor, stream.poll(), clock))
                : Optional.empty();
        Random random = new Random();
        Backoff backoff = new Backoff(stream.reconnect().initialDelay(), stream.reconnect().maxDelay(), random);
        Duration stable = stream.heartbeatTimeout();
        Duration prompt = stream.reconnect().initialDelay();
        Duration rejected = stream.reconnect().rejectedDelay();
        StreamRunner[] self = current.computeIfAbsent(name, n -> new StreamRunner[1]);
        StreamMetrics metrics = meters.computeIfAbsent(name, n -> new StreamMetrics(registry, name, self,
                r -> r[0] != null && r[0].connected() ? 1 : 0));
        self[0] = new StreamRunner(name, stream, position, context, clock, main, fallback,
                url -> target(context, stream, url),
                new ReconnectPolicy(backoff, prompt, rejected, stream.fallbackAfter(), stable, clock, random),
                new ReconnectPolicy(backoff, prompt, rejected, Integer.MAX_VALUE, stable, clock, random),
                new Inbox(name, store, context, clock, hub::stored, holder, fenced), new Sender(name, store, context, clock), metrics,
                links(name, stream));
        self[0].lastEventAt = at.lastEventAt(); // the last event stored, in this run or an earlier one
        return self[0];
    }

    private Connection.Opener webSocket(StreamConfig stream, long timeout) {
        WebSocketOpener opener = new WebSocketOpener(
                clients.webSockets(stream.route(), Duration.ofMillis(timeout), 16 * 1024 * 1024), timeout, clock);
        closers.add(opener::close);
        return opener;
    }

    /** The URL and headers to connect with: the route's headers, the stream's, then the route's credentials. */
    private Future<Connection.Target> target(Context context, StreamConfig stream, String url) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        stream.route().ifPresent(r -> config.routes().get(r).headers().forEach(headers::set));
        stream.headers().forEach(headers::set);
        if (stream.route().isEmpty()) {
            return Future.succeededFuture(new Connection.Target(url, headers));
        }
        UpstreamAuth auth = pipelines.auth(stream.route().get());
        Promise<Connection.Target> promise = Promise.promise();
        auth.authenticate(new OutboundRequest(stream.route().get(), HttpMethod.GET, url, headers, null, 0))
                .subscribe().with(
                        r -> context.runOnContext(v -> promise.complete(new Connection.Target(r.uri(), r.headers()))),
                        e -> context.runOnContext(v -> promise.fail(e)));
        return promise.future();
    }

    private LinkReport links(String name, StreamConfig stream) {
        String route = stream.route().filter(r -> SameServer.of(stream.url(), config.routes().get(r).url()))
                .orElse(null);
        if (stream.route().isPresent() && route == null) {
            LOG.infof("Stream %s uses route %s's settings but another server, so its connection does not count "
                    + "towards that route's reachability", name, stream.route().get());
        }
        return new LinkReport() {
            @Override
            public void refused(String reason, Instant retryAt) {
                links.streamRefused(name, reason, retryAt);
            }

            @Override
            public void connected() {
                if (route != null) {
                    links.answered(route, 101, 0);
                }
            }

            @Override
            public void answered(int status) {
                if (route != null) {
                    links.answered(route, status, 0);
                }
            }

            @Override
            public void failed(String reason) {
                if (route != null) {
                    links.failed(route, reason);
                }
            }
        };
    }

    void close() {
        closers.forEach(Runnable::run);
    }
}
