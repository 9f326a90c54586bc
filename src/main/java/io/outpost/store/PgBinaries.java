package io.outpost.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The PostgreSQL binaries ({@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}, {@code lib},
 * {@code share}), unpacked once from the {@code postgres-linux-<arch>.txz} archive on the class path.
 *
 * <p>The archive is streamed to disk (a JVM sized for the agent's steady state has no room to hold 15 MB of
 * it, let alone its unpacked files). Its directory is named by a stamp of the archive (its jar, its name,
 * its size), so an agent upgraded to other binaries unpacks them again; a marker written last says the
 * unpack finished.
 */
final class PgBinaries {

    private static final Logger LOG = Logger.getLogger(PgBinaries.class);
    static final String MARKER = ".unpacked";

    private PgBinaries() {
    }

    /** The directory of the binaries for this platform under {@code workingDir}, unpacked if need be. */
    static Path prepare(Path workingDir) throws IOException {
        String os = System.getProperty("os.name", "") + "/" + System.getProperty("os.arch", "");
        URL archive = archive().orElseThrow(() -> new IOException("No PostgreSQL binaries for " + os
                + "; the agent ships them for Linux x86-64 and ARM64 (or set quarkus.datasource.reactive.url)"));
        return prepare(workingDir, archive);
    }

    /**
     * The directory of the binaries in {@code archive}; the other directories beside it are old ones. An
     * exclusive lock lets processes share one working directory (the tests do; an agent has its data dir
     * to itself, see {@link DataDirLock}).
     */
    static Path prepare(Path workingDir, URL archive) throws IOException {
        String stamp = stamp(archive);
        Path dir = workingDir.resolve("pg-" + sha256(stamp).substring(0, 16));
        if (unpacked(dir, stamp)) {
            return dir;
        }
        Files.createDirectories(workingDir);
        try (FileChannel channel = FileChannel.open(workingDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            if (!unpacked(dir, stamp)) { // or another process unpacked it while this one waited
                unpack(archive, dir);
                Files.writeString(dir.resolve(MARKER), stamp);
                removeAllBut(workingDir, dir, workingDir.resolve(".lock")); // binaries of an earlier version
            }
        }
        return dir;
    }

    private static boolean unpacked(Path dir, String stamp) throws IOException {
        Path marker = dir.resolve(MARKER);
        return Files.exists(marker) && Files.readString(marker).equals(stamp);
    }

    /** The archive's jar (its name carries the version), its own name and its size. */
    private static String stamp(URL archive) throws IOException {
        long size = archive.openConnection().getContentLengthLong();
        String jar = archive.toString().replaceFirst("!/.*$", "").replaceFirst("^.*/", "");
        return jar + " " + archive.getPath().replaceFirst("^.*/", "") + " " + size;
    }

    private static Optional<URL> archive() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> null;
        };
        return arch == null ? Optional.empty()
                : Optional.ofNullable(PgBinaries.class.getClassLoader().getResource("postgres-linux-" + arch + ".txz"));
    }

    /** Into a sibling first, then renamed: a start cut short leaves no half-unpacked directory behind. */
    private static void unpack(URL archive, Path dir) throws IOException {
        long t0 = System.nanoTime();
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        Trees.delete(partial);
        try (InputStream in = new BufferedInputStream(archive.openStream(), 1 << 16)) {
            TarXz.unpack(in, partial);
        }
        Trees.delete(dir);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("PostgreSQL binaries unpacked into %s in %d ms", dir, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void removeAllBut(Path workingDir, Path... keep) throws IOException {
        List<Path> kept = List.of(keep);
        try (var entries = Files.list(workingDir)) {
            for (Path p : entries.filter(p -> !kept.contains(p)).toList()) {
                Trees.delete(p);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
