package io.outpost.transfer;

import java.nio.file.Files;
import java.nio.file.Path;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Writes an upload's body to its spool file as it arrives (a few chunks in memory at most, the client
 * slowed down while the disk catches up), then syncs the file and its directory. Any failure removes the
 * file: nothing half-stored.
 */
final class Spool {

    /** The body passed the upload limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("the body exceeds outpost.transfers.max-upload-size (" + max + " bytes)", null, false, false);
        }
    }

    /** The body would eat into the free space the spool's disk keeps ({@code min-free-space}). */
    static final class NoRoom extends RuntimeException {
        NoRoom(long room) {
            super("the spool's disk has room for " + Math.max(0, room) + " more bytes (outpost.transfers.min-free-space"
                    + " is kept free)", null, false, false);
        }
    }

    private Spool() {
    }

    /**
     * The body's length once it is on disk. A body of unknown length is checked against {@code room} as it
     * arrives; one that declared its length was checked before it was read.
     */
    static Uni<Long> receive(ReadStream<Buffer> body, Path file, long max, long room, TransferFiles files,
            FileWork work, Context context) {
        body.pause();
        return work.run(() -> {
            files.ensureDirectory();
            return PartFile.open(file, 0, work.worker(), context);
        }).chain(part -> FileWork.uni(copy(body, part, max, room, context)).chain(v -> FileWork.uni(part.sync()))
                .call(() -> FileWork.uni(part.close()))
                .call(() -> work.run(() -> {
                    files.syncDirectory();
                    return null;
                }))
                .onFailure().call(() -> FileWork.uni(part.close()).onFailure().recoverWithNull()))
                .onFailure().call(() -> work.run(() -> Files.deleteIfExists(file)));
    }

    private static Future<Void> copy(ReadStream<Buffer> body, PartFile part, long max, long room,
            Context context) {
        Promise<Void> done = Promise.promise();
        long[] seen = { 0 };
        body.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > max) {
                done.tryFail(new TooLarge(max));
                return;
            }
            if (seen[0] > room) {
                done.tryFail(new NoRoom(room));
                return;
            }
            part.write(chunk).onFailure(done::tryFail);
            if (part.writeQueueFull()) {
                body.pause();
                part.drainHandler(v -> body.resume());
            }
        });
        body.exceptionHandler(done::tryFail);
        body.endHandler(v -> done.tryComplete());
        context.runOnContext(v -> body.resume());
        return done.future();
    }
}
