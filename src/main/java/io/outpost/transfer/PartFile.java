package io.outpost.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A download's file as a write stream. Every operation runs on a worker, one after another in call order,
 * so {@link #sync()} answers with a length that is really on disk: the offset recorded after it is true
 * after a power cut. (Vert.x's AsyncFile writes concurrently and cannot say which bytes a flush covered.)
 */
final class PartFile implements WriteStream<Buffer> {

    private static final long HIGH_WATER = 1 << 20;

    private final FileChannel channel;
    private final long start;
    private final Executor worker;
    private final Context context;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private long queued;
    /** The writer was told the queue is full and waits for the drain handler. */
    private boolean drainPending;
    private Handler<Void> drain;
    private Handler<Throwable> errors;

    private PartFile(FileChannel channel, long start, Executor worker, Context context) {
        this.channel = channel;
        this.start = start;
        this.worker = worker;
        this.context = context;
    }

    /** Opens (creating) the file cut to {@code offset} bytes, writing from there; blocks, call on a worker. */
    static PartFile open(Path file, long offset, Executor worker, Context context) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long start = Math.min(offset, channel.size());
            channel.truncate(start);
            channel.position(start);
            return new PartFile(channel, start, worker, context);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Where writing continues: the length the file had after {@link #open}. */
    long start() {
        return start;
    }

    /** Syncs everything written so far; the synced length. */
    Future<Long> sync() {
        return run(() -> {
            channel.force(false);
            return channel.position();
        });
    }

    /** Drops what the file holds; writing starts again at its beginning. */
    Future<Void> restart() {
        return run(() -> {
            channel.truncate(0);
            channel.position(0);
            return null;
        });
    }

    Future<Void> close() {
        return run(() -> {
            channel.close();
            return null;
        });
    }

    @Override
    public Future<Void> write(Buffer data) {
        int n = data.length();
        // Copied now, on the caller's thread: a response chunk may be a view of the connection's read buffer,
        // whose bytes can move once the handler returns, long before a worker gets to write them.
        byte[] copy = data.getBytes();
        synchronized (this) {
            queued += n;
        }
        Future<Void> done = run(() -> {
            ByteBuffer bytes = ByteBuffer.wrap(copy);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return null;
        });
        return done.onComplete(r -> {
            Handler<Void> toCall = null;
            synchronized (this) {
                queued -= n;
                if (drainPending && queued < HIGH_WATER / 2) {
                    drainPending = false;
                    toCall = drain;
                }
            }
            if (r.failed() && errors != null) {
                errors.handle(r.cause());
            }
            if (toCall != null) {
                toCall.handle(null);
            }
        });
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        write(data).onComplete(handler);
    }

    @Override
    public Future<Void> end() {
        return Future.succeededFuture(); // the owner syncs and closes; ending is not closing here
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        handler.handle(Future.succeededFuture());
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.errors = handler;
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public synchronized boolean writeQueueFull() {
        boolean full = queued >= HIGH_WATER;
        drainPending |= full;
        return full;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        this.drain = handler;
        return this;
    }

    private interface Io<T> {
        T call() throws IOException;
    }

    /** Queues {@code io} behind everything queued before; completes on the context the file belongs to. */
    private synchronized <T> Future<T> run(Io<T> io) {
        Promise<T> promise = Promise.promise();
        CompletableFuture<T> step = tail.handle((x, e) -> null).thenApplyAsync(x -> {
            try {
                return io.call();
            } catch (IOException e) {
                throw new LocalFileException("writing the download's file failed", e);
            }
        }, worker);
        tail = step;
        step.whenComplete((value, failure) -> context.runOnContext(v -> {
            if (failure == null) {
                promise.complete(value);
            } else {
                LocalFileException local = LocalFileException.in(failure);
                promise.fail(local != null ? local : failure);
            }
        }));
        return promise.future();
    }
}
