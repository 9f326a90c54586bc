package io.outpost.api;

import java.util.List;

import org.jboss.logging.Logger;

import io.outpost.stream.StoredEvent;
import io.outpost.stream.Streams;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * One local WebSocket on a stream, two independent halves on the request's context.
 *
 * <p>Out: the stored events after {@code after}, then live ones, one JSON text message each (as the JSON long
 * poll gives them), read from the store a page at a time from this client's own position; the next page is
 * read only once the socket's write queue has drained, so a slow client costs one page of memory and slows
 * nothing else (not the other readers, not the upstream connection, which only stores). A client further
 * behind than the stream's retention continues at the oldest event still kept.
 *
 * <p>In: each message is queued as {@code POST .../messages} queues a frame (text as text, binary as binary),
 * one at a time in the order received, so they go upstream in that order. A message that cannot be queued
 * closes the socket: 1003 on a stream that only receives, 1009 over {@code max-message-size}, 1011 when the
 * store did not commit it (every message before it was committed, none after it is taken).
 */
final class StreamSocket {

    private static final Logger LOG = Logger.getLogger(StreamSocket.class);
    /** Messages received but not yet committed after which the socket stops reading (TCP pushes back). */
    private static final int MAX_PENDING = 32;

    private final Streams streams;
    private final String name;
    private final ServerWebSocket ws;
    private final Context context;
    private final long maxSize;
    private final Runnable release;
    private long position;
    private boolean closed;
    private Runnable cancelWait = () -> {
    };
    private Future<Void> queued = Future.succeededFuture();
    private int pending;
    private boolean refusing;

    StreamSocket(Streams streams, String name, ServerWebSocket ws, Context context, long after, long maxSize,
            OpenResponses open) {
        this.streams = streams;
        this.name = name;
        this.ws = ws;
        this.context = context;
        this.position = after;
        this.maxSize = maxSize;
        this.release = open.hold(() -> context.runOnContext(v -> close((short) 1001, "the agent is stopping")));
    }

    void start() {
        ws.closeHandler(v -> closed());
        ws.exceptionHandler(e -> closed());
        ws.textMessageHandler(text -> received(Buffer.buffer(text), false));
        ws.binaryMessageHandler(bytes -> received(bytes, true));
        next();
    }

    private void next() {
        if (closed) {
            return;
        }
        streams.after(name, position, StreamEventsRoute.PAGE).subscribe().with(
                events -> context.runOnContext(v -> write(events)),
                failure -> context.runOnContext(v -> {
                    LOG.debugf("Stream %s: local WebSocket read failed, retrying: %s", name, failure);
                    context.owner().setTimer(1000, id -> next());
                }));
    }

    private void write(List<StoredEvent> events) {
        if (closed) {
            return;
        }
        if (events.isEmpty()) {
            cancelWait = streams.hub(name).await(position, () -> context.runOnContext(v -> next()));
            return;
        }
        for (StoredEvent e : events) {
            ws.writeTextMessage(new JsonObject().put("seq", e.seq()).put("id", e.id()).put("event", e.event())
                    .put("data", e.data()).put("receivedAt", e.receivedAt().toString()).encode());
        }
        position = events.get(events.size() - 1).seq();
        if (ws.writeQueueFull()) {
            ws.drainHandler(v -> {
                ws.drainHandler(null);
                next();
            });
        } else {
            next();
        }
    }

    private void received(Buffer message, boolean binary) {
        if (refusing) {
            return;
        }
        if (message.length() > maxSize) {
            refuse((short) 1009, "a message over outpost.outbox.max-message-size (" + maxSize + " bytes)");
            return;
        }
        byte[] payload = message.getBytes();
        if (++pending >= MAX_PENDING) {
            ws.pause();
        }
        // chained: each message is stored after the one before it, so their order upstream is the order here
        queued = queued.compose(v -> store(payload, binary)).onComplete(ar -> {
            if (--pending < MAX_PENDING && !closed) {
                ws.resume();
            }
        });
    }

    private Future<Void> store(byte[] payload, boolean binary) {
        if (refusing) {
            return Future.succeededFuture();
        }
        try {
            return Future.fromCompletionStage(streams.send(name, payload, binary, null).subscribeAsCompletionStage(),
                    context).<Void>mapEmpty().recover(e -> {
                        refuse((short) 1011, "a message could not be stored (" + e.getMessage() + ")");
                        return Future.succeededFuture();
                    });
        } catch (Streams.ReceiveOnly e) {
            refuse((short) 1003, "stream " + name + " only receives");
            return Future.succeededFuture();
        }
    }

    private void refuse(short code, String reason) {
        refusing = true;
        LOG.infof("Stream %s: closing a local WebSocket: %s", name, reason);
        close(code, reason);
    }

    private void close(short code, String reason) {
        if (!closed) {
            // a close reason is at most 123 bytes
            ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
        }
        closed();
    }

    private void closed() {
        if (!closed) {
            closed = true;
            cancelWait.run();
            release.run();
        }
    }
}
