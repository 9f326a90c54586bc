package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** The download file: writes kept in order, a sync that reports what is on disk, a full disk reported. */
class PartFileTest {

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService worker = Executors.newFixedThreadPool(4); // several threads: order is the file's job

    @AfterEach
    void close() {
        worker.shutdownNow();
        vertx.close();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void writesLandInOrderAndSyncReportsTheirLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.part");
        Files.write(file, "0123456789-stale-tail".getBytes());
        PartFile part = PartFile.open(file, 10, worker, vertx.getOrCreateContext());
        assertThat(part.start()).isEqualTo(10);
        StringBuilder expected = new StringBuilder("0123456789");
        for (int i = 0; i < 200; i++) {
            String chunk = "<" + i + ">";
            expected.append(chunk);
            part.write(Buffer.buffer(chunk));
        }
        assertThat(await(part.sync())).isEqualTo(expected.length());
        await(part.close());
        assertThat(Files.readString(file)).isEqualTo(expected.toString());
    }

    @Test
    void aFileShorterThanTheRecordedOffsetContinuesAtItsEnd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("b.part");
        Files.write(file, new byte[100]);
        PartFile part = PartFile.open(file, 5000, worker, vertx.getOrCreateContext());
        assertThat(part.start()).isEqualTo(100);
        await(part.close());
    }

    @Test
    void restartEmptiesTheFileBeforeLaterWrites(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.part");
        PartFile part = PartFile.open(file, 0, worker, vertx.getOrCreateContext());
        part.write(Buffer.buffer("old content"));
        part.restart();
        part.write(Buffer.buffer("new"));
        assertThat(await(part.sync())).isEqualTo(3);
        await(part.close());
        assertThat(Files.readString(file)).isEqualTo("new");
    }

    @Test
    void aFullDiskFailsTheWriteAsALocalFileError() throws Exception {
        Path full = Path.of("/dev/full"); // every write: ENOSPC
        assumeThat(Files.isWritable(full)).isTrue();
        PartFile part = PartFile.open(full, 0, worker, vertx.getOrCreateContext());
        Throwable failure = part.write(Buffer.buffer(new byte[4096])).toCompletionStage().toCompletableFuture()
                .handle((v, e) -> e).get(10, TimeUnit.SECONDS);
        await(part.close());
        assertThat(LocalFileException.in(failure)).isNotNull();
        assertThat(failure.getMessage()).containsIgnoringCase("space");
    }
}
