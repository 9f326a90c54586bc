package io.outpost.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A file server and upload sink on 127.0.0.1 for the transfer tests. {@code GET} serves the files a test
 * put, with {@code ETag}, {@code Range} and {@code If-Range} as a real server would, unless told to cut the
 * connection mid-body, ignore ranges, answer an error status, or send slowly. {@code PUT} takes a body and
 * keeps its length and sha256, or resumes ({@link UploadSink}). Every request is recorded. Can listen on a fixed port, go down and come back.
 */
public final class TransferPeer implements AutoCloseable {

    /** A request as it arrived; for a PUT, the body's length and sha256. */
    public record Seen(String method, String path, MultiMap headers, long bodyLength, String bodySha256) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** How to answer GETs of one path. */
    public static final class Script {
        volatile Buffer content;
        volatile String etag = "\"v1\"";
        volatile String contentType = "application/octet-stream";
        /** Closes the connection after this many body bytes of the next answer (once), or -1. */
        volatile long cutAfter = -1;
        volatile boolean ignoreRange;
        /** Answers these statuses first, one per request. */
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        volatile long bytesPerSecond = -1;

        public Script cutAfter(long bytes) {
            cutAfter = bytes;
            return this;
        }

        public Script ignoreRange() {
            ignoreRange = true;
            return this;
        }

        public Script fail(Integer... codes) {
            statuses.addAll(List.of(codes));
            return this;
        }

        public Script slow(long rate) {
            bytesPerSecond = rate;
            return this;
        }

        public Script contentType(String type) {
            contentType = type;
            return this;
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final Vertx vertx = Vertx.vertx();
    private final int port;
    private volatile HttpServer server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final UploadSink uploads = new UploadSink(seen::add);
    private final AtomicLong bytesSent = new AtomicLong();

    public TransferPeer(int port) {
        this.port = port;
        up();
    }

    public static TransferPeer anyPort() {
        return new TransferPeer(0);
    }

    public int port() {
        return server != null ? server.actualPort() : port;
    }

    public String url(String prefix) {
        return "http://127.0.0.1:" + port() + "/" + prefix;
    }

    public synchronized TransferPeer up() {
        if (server == null) {
            try {
                server = vertx.createHttpServer().requestHandler(this::handle).listen(port, "127.0.0.1")
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not listen on " + port, e);
            }
        }
        return this;
    }

    public synchronized void down() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }

    /** Serves {@code content} at {@code path} (e.g. {@code /files/a.bin}); returns its script. */
    public Script serve(String path, byte[] content) {
        Script s = new Script();
        s.content = Buffer.buffer(content);
        scripts.put(path, s);
        return s;
    }

    /** Answers the next PUTs of {@code path} with a body with these statuses, one each, then 201. */
    public void uploadStatuses(String path, Integer... statuses) {
        uploads.statuses(path, statuses);
    }

    /** PUTs of {@code path} resume: see {@link UploadSink}. */
    public void resumableUploads(String path) {
        uploads.resumable(path);
    }

    /** Drops the connection of the next PUT of {@code path} once this many body bytes arrived (once). */
    public void cutUploadAfter(String path, long bytes) {
        uploads.cutAfter(path, bytes);
    }

    /** Stops reading the next PUT of {@code path} once this many body bytes arrived, keeping them (once). */
    public void stallUploadAfter(String path, long bytes) {
        uploads.cutAfter(path, bytes);
        uploads.stallInstead(path);
    }

    /** What a resumable path holds. */
    public byte[] uploaded(String path) {
        return uploads.held(path).getBytes();
    }

    public List<Seen> requests(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    private void handle(HttpServerRequest request) {
        if (request.method().name().equals("PUT")) {
            uploads.receive(request);
            return;
        }
        seen.add(new Seen(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap()
                .addAll(request.headers()), 0, null));
        Script s = scripts.get(request.path());
        HttpServerResponse response = request.response();
        if (s == null) {
            response.setStatusCode(request.method().name().equals("HEAD") ? 200 : 404).end("no such file");
            return;
        }
        if (!s.statuses.isEmpty()) {
            response.setStatusCode(s.statuses.remove(0)).putHeader("Retry-After", "0").end("scripted failure");
            return;
        }
        long from = 0;
        Matcher m = RANGE.matcher(String.valueOf(request.getHeader("Range")));
        String ifRange = request.getHeader("If-Range");
        boolean rangeApplies = m.matches() && !s.ignoreRange && (ifRange == null || ifRange.equals(s.etag));
        if (rangeApplies) {
            from = Long.parseLong(m.group(1));
            if (from >= s.content.length()) {
                response.setStatusCode(416).putHeader("Content-Range", "bytes */" + s.content.length()).end();
                return;
            }
            response.setStatusCode(206).putHeader("Content-Range", "bytes " + from + "-" + (s.content.length() - 1)
                    + "/" + s.content.length());
        }
        response.putHeader("ETag", s.etag).putHeader("Content-Type", s.contentType)
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Content-Length", Long.toString(s.content.length() - from));
        Buffer body = s.content.getBuffer((int) from, s.content.length());
        long cut = s.cutAfter;
        s.cutAfter = -1;
        send(response, body, 0, cut, s.bytesPerSecond);
    }

    /** Writes the body in 16 KiB chunks, paced if asked, closing the connection at {@code cut} bytes. */
    private void send(HttpServerResponse response, Buffer body, int at, long cut, long rate) {
        if (response.closed()) {
            return;
        }
        if (cut >= 0 && at >= cut) {
            response.reset(); // the cut: a dropped connection mid-body
            return;
        }
        if (at >= body.length()) {
            response.end();
            return;
        }
        int end = (int) Math.min(body.length(), Math.min(at + 16384L, cut >= 0 ? cut : Long.MAX_VALUE));
        response.write(body.getBuffer(at, end));
        bytesSent.addAndGet(end - at);
        long delay = rate > 0 ? Math.max(1, (end - at) * 1000L / rate) : 0;
        // One-shot: Vert.x may call a drain handler again at a later writability change, and a second run
        // of the same step would send its bytes twice (a body of the right length with the wrong content).
        AtomicBoolean taken = new AtomicBoolean();
        Runnable next = () -> {
            if (taken.compareAndSet(false, true)) {
                send(response, body, end, cut, rate);
            }
        };
        if (delay > 0) {
            vertx.setTimer(delay, t -> next.run());
        } else if (response.writeQueueFull()) {
            response.drainHandler(v -> next.run());
        } else {
            vertx.runOnContext(v -> next.run());
        }
    }

    @Override
    public void close() {
        down();
        vertx.close();
    }
}
