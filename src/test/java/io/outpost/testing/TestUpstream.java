package io.outpost.testing;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A real HTTP upstream on 127.0.0.1 for delivery tests: it records every request (headers and raw body,
 * with the time it arrived) and answers as the test scripts it, per first path segment (one per route).
 */
public final class TestUpstream implements AutoCloseable {

    /** A request as it arrived. */
    public record Recorded(String method, String path, MultiMap headers, Buffer body, long nanos, Instant at) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * How to answer. {@code close} drops the connection without answering; {@code release}, when set, holds the
     * answer until it completes (after {@code delayMillis}), so a test decides when a request stops being in flight.
     */
    public record Reply(int status, Map<String, String> headers, Buffer body, long delayMillis, boolean close,
            CompletionStage<?> release) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), Buffer.buffer(), 0, false, null);
        }

        public static Reply closeConnection() {
            return new Reply(0, Map.of(), null, 0, true, null);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> h = new HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, delayMillis, close, release);
        }

        public Reply withBody(Buffer newBody) {
            return new Reply(status, headers, newBody, delayMillis, close, release);
        }

        public Reply after(long millis) {
            return new Reply(status, headers, body, millis, close, release);
        }

        public Reply heldUntil(CompletionStage<?> stage) {
            return new Reply(status, headers, body, delayMillis, close, stage);
        }
    }

    /** The answer to the {@code n}-th request (from 1) for a route. */
    public interface Behaviour {
        Reply reply(Recorded request, int n);
    }

    private static TestUpstream shared;
    private static final Map<String, Switchable> switchables = new ConcurrentHashMap<>();

    /**
     * An upstream on a port reserved now that the test switches on and off: down means nothing listens
     * (connection refused), as when the upstream's process is stopped.
     */
    public static final class Switchable {
        private final int port;
        private TestUpstream server;

        Switchable(int port) {
            this.port = port;
        }

        public String url(String route) {
            return "http://127.0.0.1:" + port + "/" + route;
        }

        /** Starts listening (if it was not) and returns the server. */
        public synchronized TestUpstream up() {
            if (server == null) {
                try {
                    server = new TestUpstream(port);
                } catch (Exception e) {
                    throw new IllegalStateException("could not listen on " + port, e);
                }
            }
            return server;
        }

        public synchronized void down() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    /** The switchable upstream for {@code route}, its port reserved on first use. */
    public static synchronized Switchable switchable(String route) {
        return switchables.computeIfAbsent(route, r -> new Switchable(ReservedPorts.next()));
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<Recorded>> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<Recorded, Long> answered = new ConcurrentHashMap<>();

    private TestUpstream() throws Exception {
        this(0);
    }

    private TestUpstream(int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static synchronized TestUpstream shared() {
        if (shared == null) {
            try {
                shared = new TestUpstream();
            } catch (Exception e) {
                throw new IllegalStateException("test upstream did not start", e);
            }
        }
        return shared;
    }

    /** Stops the shared upstream and every switchable one (their ports may be reserved again). */
    public static synchronized void release() {
        switchables.values().forEach(Switchable::down);
        switchables.clear();
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String route) {
        return "http://127.0.0.1:" + port() + "/" + route;
    }

    /** When the answer to a request was sent ({@link System#nanoTime()}), if it was. */
    public Long answeredAt(Recorded request) {
        return answered.get(request);
    }

    /** The most of these requests that were in flight at once (received, not yet answered). */
    public int peakInFlight(List<Recorded> requests) {
        List<long[]> events = new ArrayList<>();
        for (Recorded r : requests) {
            events.add(new long[] { r.nanos(), 1 });
            events.add(new long[] { answeredAt(r), -1 });
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int current = 0;
        int peak = 0;
        for (long[] e : events) {
            current += (int) e[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }

    public void behave(String route, Behaviour behaviour) {
        behaviours.put(route, behaviour);
    }

    public List<Recorded> requests(String route) {
        return requests.computeIfAbsent(route, r -> new CopyOnWriteArrayList<>());
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            String route = path.substring(1).split("/", 2)[0];
            Recorded recorded = new Recorded(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap()
                    .addAll(request.headers()), body, System.nanoTime(), Instant.now());
            requests(route).add(recorded);
            int n = counts.computeIfAbsent(route, r -> new AtomicInteger()).incrementAndGet();
            Reply reply = behaviours.getOrDefault(route, (r, i) -> Reply.status(204)).reply(recorded, n);
            if (reply.release() != null) {
                reply.release().whenComplete((v, e) -> vertx.runOnContext(
                        x -> answer(request, recorded, reply.heldUntil(null))));
            } else if (reply.delayMillis() > 0) {
                vertx.setTimer(reply.delayMillis(), id -> answer(request, recorded, reply));
            } else {
                answer(request, recorded, reply);
            }
        });
    }

    private void answer(HttpServerRequest request, Recorded recorded, Reply reply) {
        answered.put(recorded, System.nanoTime());
        if (reply.close()) {
            request.connection().close();
            return;
        }
        var response = request.response().setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        response.end(reply.body() == null ? Buffer.buffer() : reply.body());
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        vertx.close();
    }
}
