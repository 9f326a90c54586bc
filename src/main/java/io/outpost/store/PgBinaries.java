package io.outpost.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.util.Comparator;
import java.nio.file.LinkOption;

/**
 * Unpacks the PostgreSQL binaries by streaming them to disk, once, and points zonky at the result.
 *
 * <p>Why not leave it to zonky: at every start it reads the whole archive (15 MB) into memory to name its
 * directory by the archive's MD5, and its first unpack holds every file in memory while asynchronous writes
 * copy them through direct buffers. That needs over 100 MiB of heap and 40 MiB of direct memory once, so a
 * JVM sized for the agent's steady state (-Xmx, -XX:MaxDirectMemorySize) fails its first start. Here the
 * archive is streamed, and zonky is handed a small stamp instead of the archive: the stamp's MD5 names the
 * directory, which already holds the binaries and zonky's ".exists" marker, so zonky unpacks nothing.
 */
final class PgBinaries {

    private static final Logger LOG = Logger.getLogger(PgBinaries.class);
    private static final int EXECUTABLE = 0100;

    private PgBinaries() {
    }

    /** A resolver for zonky, after making sure the binaries are unpacked under {@code workingDir}. */
    static Optional<PgBinaryResolver> prepare(Path workingDir) throws IOException {
        Optional<URL> archive = archive();
        if (archive.isEmpty()) {
            return Optional.empty(); // not a platform we ship: zonky reports what it finds
        }
        byte[] stamp = stamp(archive.get());
        Path dir = workingDir.resolve("PG-" + md5(stamp));
        if (!Files.exists(dir.resolve(".exists"))) {
            unpack(archive.get(), dir);
        }
        return Optional.of((system, hardware) -> new ByteArrayInputStream(stamp));
    }

    /** The archive's name and size, and the jar it comes from (its name carries the version). */
    private static byte[] stamp(URL archive) throws IOException {
        long size = archive.openConnection().getContentLengthLong();
        String jar = archive.toString().replaceFirst("!/.*$", "").replaceFirst("^.*/", "");
        return ("outpost-pg-binaries " + jar + " " + archive.getPath().replaceFirst("^.*/", "") + " " + size)
                .getBytes(StandardCharsets.UTF_8);
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
        deleteTree(partial);
        Files.createDirectories(partial);
        try (InputStream in = archive.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = partial.resolve(e.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("archive entry outside its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink() || e.isLink()) { // as zonky does: hard links become symlinks
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((e.getMode() & EXECUTABLE) != 0) {
                        Set<PosixFilePermission> p = EnumSet.copyOf(Files.getPosixFilePermissions(target));
                        p.add(PosixFilePermission.OWNER_EXECUTE);
                        Files.setPosixFilePermissions(target, p);
                    }
                }
            }
        }
        Files.createFile(partial.resolve(".exists")); // zonky's marker, newer than every file it checks
        deleteTree(dir);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("PostgreSQL binaries unpacked into %s in %d ms", dir, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
