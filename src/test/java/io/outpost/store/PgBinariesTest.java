package io.outpost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** The binaries are streamed to disk once, unpacked again when the archive changes, and never outside their directory. */
class PgBinariesTest {

    @TempDir
    Path tmp;

    @Test
    void unpacksOnceAndAgainWhenTheArchiveChanges() throws Exception {
        Path work = tmp.resolve("pg-bin");
        URL archive = txz("postgres-linux-x86_64.txz", Map.of("bin/postgres", "v1", "share/a.txt", "a"));
        Path dir = PgBinaries.prepare(work, archive);
        assertThat(dir.resolve("bin/postgres")).isExecutable().hasContent("v1");
        assertThat(dir.resolve("share/a.txt")).isRegularFile();
        assertThat(Files.isExecutable(dir.resolve("share/a.txt"))).as("only what the archive marks executable").isFalse();
        try (var s = Files.list(work)) {
            assertThat(s.filter(p -> !p.endsWith(".lock"))).as("no partial directory left").containsExactly(dir);
        }
        FileTime marked = Files.getLastModifiedTime(dir.resolve(PgBinaries.MARKER));
        assertThat(PgBinaries.prepare(work, archive)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve(PgBinaries.MARKER))).as("not unpacked again").isEqualTo(marked);

        URL upgraded = txz("postgres-linux-x86_64.txz", Map.of("bin/postgres", "version 2", "share/a.txt", "a"));
        Path next = PgBinaries.prepare(work, upgraded);
        assertThat(next).isNotEqualTo(dir);
        assertThat(next.resolve("bin/postgres")).hasContent("version 2");
        try (var s = Files.list(work)) {
            assertThat(s.filter(p -> !p.endsWith(".lock"))).as("the old binaries are removed").containsExactly(next);
        }
    }

    @Test
    void anUnpackCutShortIsDoneAgain() throws Exception {
        Path work = tmp.resolve("pg-bin");
        URL archive = txz("postgres-linux-x86_64.txz", Map.of("bin/postgres", "v1"));
        Path dir = PgBinaries.prepare(work, archive);
        Files.delete(dir.resolve(PgBinaries.MARKER));
        Files.delete(dir.resolve("bin/postgres"));
        assertThat(PgBinaries.prepare(work, archive).resolve("bin/postgres")).hasContent("v1");
    }

    @Test
    void refusesAnEntryOutsideItsDirectory() throws Exception {
        URL archive = txz("postgres-linux-x86_64.txz", Map.of("../evil", "x"));
        assertThatThrownBy(() -> PgBinaries.prepare(tmp.resolve("pg-bin"), archive)).isInstanceOf(IOException.class)
                .hasMessageContaining("outside");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void theShippedArchiveHoldsWhatTheServerRuns() throws Exception {
        Path dir = PgBinaries.prepare(tmp.resolve("pg-bin"));
        for (String tool : new String[] {"bin/initdb", "bin/pg_ctl", "bin/postgres"}) {
            assertThat(dir.resolve(tool)).isExecutable();
        }
        assertThat(dir.resolve("share")).isDirectory();
    }

    private URL txz(String name, Map<String, String> files) throws IOException {
        Path file = Files.createDirectories(tmp.resolve("archives").resolve(Long.toString(System.nanoTime())))
                .resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(out, new LZMA2Options()))) {
            for (var f : files.entrySet()) {
                byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(bytes.length);
                e.setMode(f.getKey().startsWith("bin/") ? 0755 : 0644);
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return file.toUri().toURL();
    }
}
