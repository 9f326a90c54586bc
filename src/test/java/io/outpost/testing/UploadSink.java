package io.outpost.testing;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The PUT side of {@link TransferPeer}. A plain path takes whole bodies and, as RFC 9110 asks of a server
 * without partial PUTs, refuses one with a Content-Range (400). A resumable path follows the resumable-upload
 * convention on HTTP ranges: it keeps what arrived (also from a dropped request), answers a status query
 * ({@code Content-Range: bytes *}{@code /total}) with 308 and {@code Range: bytes=0-N}, appends a body sent with
 * {@code Content-Range: bytes N+1-last/total}, and answers 201 once it holds all of it.
 */
final class UploadSink {

    private static final Pattern QUERY = Pattern.compile("bytes \\*/(\\d+)");
    private static final Pattern PART = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final Map<String, List<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, Buffer> held = new ConcurrentHashMap<>();
    private final Map<String, Long> cuts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stalls = new ConcurrentHashMap<>();
    private final Consumer<TransferPeer.Seen> seen;

    UploadSink(Consumer<TransferPeer.Seen> seen) {
        this.seen = seen;
    }

    /** The next PUTs with a body (not status queries) get these statuses, one each. */
    void statuses(String path, Integer... codes) {
        statuses.put(path, new CopyOnWriteArrayList<>(List.of(codes)));
    }

    void resumable(String path) {
        held.put(path, Buffer.buffer());
    }

    void cutAfter(String path, long bytes) {
        cuts.put(path, bytes);
    }

    /** The next cut of {@code path} stops reading instead of closing: the request hangs until its sender goes. */
    void stallInstead(String path) {
        stalls.put(path, true);
    }

    Buffer held(String path) {
        return held.get(path);
    }

    void receive(HttpServerRequest request) {
        String path = request.path();
        MessageDigest digest = sha256();
        long[] length = { 0 };
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        Buffer body = Buffer.buffer();
        Long cut = cuts.remove(path);
        boolean stall = cut != null && stalls.remove(path) != null;
        boolean[] dropped = { false };
        request.handler(chunk -> {
            if (dropped[0]) {
                return;
            }
            Buffer part = cut == null ? chunk : chunk.getBuffer(0, (int) Math.min(chunk.length(), cut - length[0]));
            digest.update(part.getBytes());
            length[0] += part.length();
            body.appendBuffer(part);
            if (cut != null && length[0] >= cut) {
                keep(path, headers.get("Content-Range"), body); // what arrived before the drop stays
                seen.accept(new TransferPeer.Seen("PUT", request.uri(), headers, length[0], null));
                dropped[0] = true;
                if (stall) {
                    request.pause();
                } else {
                    request.connection().close();
                }
            }
        });
        request.endHandler(v -> {
            seen.accept(new TransferPeer.Seen("PUT", request.uri(), headers, length[0],
                    HexFormat.of().formatHex(digest.digest())));
            List<Integer> scripted = statuses.getOrDefault(path, List.of());
            boolean query = QUERY.matcher(String.valueOf(headers.get("Content-Range"))).matches();
            if (!scripted.isEmpty() && !query) {
                int status = scripted.remove(0);
                request.response().setStatusCode(status).end(status >= 400 ? "refused: scripted " + status : "");
                return;
            }
            answer(request, path, headers.get("Content-Range"), body);
        });
    }

    private void answer(HttpServerRequest request, String path, String contentRange, Buffer body) {
        Buffer have = held.get(path);
        if (have == null) {
            request.response().setStatusCode(contentRange == null ? 201 : 400)
                    .end(contentRange == null ? "" : "refused: no partial PUT here");
            return;
        }
        Matcher query = QUERY.matcher(String.valueOf(contentRange));
        long total;
        if (query.matches()) {
            total = Long.parseLong(query.group(1));
        } else if (!keep(path, contentRange, body)) {
            request.response().setStatusCode(400).end("refused: the range does not follow what is held");
            return;
        } else {
            total = contentRange == null ? body.length() : Long.parseLong(PART.matcher(contentRange).results()
                    .findFirst().orElseThrow().group(3));
        }
        Buffer now = held.get(path);
        if (now.length() == total) {
            request.response().setStatusCode(201).end();
        } else {
            (now.length() == 0 ? request.response() : request.response().putHeader("Range", "bytes=0-"
                    + (now.length() - 1))).setStatusCode(308).end();
        }
    }

    /** Adds a body to what the path holds: whole without a Content-Range, else where its range says. */
    private boolean keep(String path, String contentRange, Buffer body) {
        if (!held.containsKey(path)) {
            return true;
        }
        if (contentRange == null) {
            held.put(path, body.copy());
            return true;
        }
        Matcher part = PART.matcher(contentRange);
        if (!part.matches() || Long.parseLong(part.group(1)) != held.get(path).length()) {
            return false;
        }
        held.get(path).appendBuffer(body);
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
