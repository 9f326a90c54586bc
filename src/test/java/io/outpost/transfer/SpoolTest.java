package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;

/** An upload body on its way to the spool file: stored whole, or refused while it arrives and removed. */
class SpoolTest {

    private static final int SIZE = 300 * 1024;

    private final Vertx vertx = Vertx.vertx();
    private final ExecutorService worker = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        worker.shutdownNow();
        vertx.close();
    }

    private long spool(Path target, long max, long room) throws Exception {
        Path source = dir.resolve("source.bin");
        Files.write(source, TransferCalls.random(SIZE, 7));
        AsyncFile body = vertx.fileSystem().openBlocking(source.toString(), new OpenOptions().setRead(true));
        try {
            return Spool.receive(body, target, max, room, new TransferFiles(dir.resolve("spool")),
                    new FileWork(worker), vertx.getOrCreateContext()).await()
                    .atMost(Duration.ofSeconds(10));
        } finally {
            body.close(); // a refused body is left unread, as a request is left to the API to drain
        }
    }

    @Test
    void aBodyIsStoredWhole() throws Exception {
        Path target = dir.resolve("a.upload");
        assertThat(spool(target, SIZE, SIZE)).isEqualTo(SIZE);
        assertThat(Files.mismatch(dir.resolve("source.bin"), target)).isEqualTo(-1L);
    }

    @Test
    void aBodyThatOutgrowsTheDisksRoomIsRefusedAndRemoved() {
        Path target = dir.resolve("b.upload");
        assertThat(catchThrowable(() -> spool(target, 10L * SIZE, SIZE / 3))).isInstanceOf(Spool.NoRoom.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void aBodyOverTheUploadLimitIsRefusedAndRemoved() {
        Path target = dir.resolve("c.upload");
        assertThat(catchThrowable(() -> spool(target, SIZE - 1, 10L * SIZE))).isInstanceOf(Spool.TooLarge.class);
        assertThat(target).doesNotExist();
    }
}
