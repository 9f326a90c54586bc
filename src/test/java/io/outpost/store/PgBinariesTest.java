package io.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/** The binaries are streamed to disk once, where zonky will look for them, and not again. */
class PgBinariesTest {

    @Test
    void unpacksOnceIntoTheDirectoryZonkyDerivesFromTheStamp(@TempDir Path work) throws Exception {
        PgBinaryResolver resolver = PgBinaries.prepare(work).orElseThrow();
        byte[] stamp;
        try (InputStream in = resolver.getPgBinary("Linux", "x86_64")) {
            stamp = in.readAllBytes();
        }
        assertThat(stamp.length).as("a stamp, not the 15 MB archive").isLessThan(1024);
        Path dir = work.resolve("PG-" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(stamp)));
        assertThat(dir.resolve("bin/postgres")).isExecutable();
        assertThat(dir.resolve("bin/initdb")).isExecutable();
        assertThat(dir.resolve(".exists")).isRegularFile();
        try (var s = Files.list(work)) {
            assertThat(s).as("no partial directory left").containsExactly(dir);
        }

        FileTime marked = Files.getLastModifiedTime(dir.resolve(".exists"));
        PgBinaries.prepare(work).orElseThrow();
        assertThat(Files.getLastModifiedTime(dir.resolve(".exists"))).isEqualTo(marked);
    }
}
