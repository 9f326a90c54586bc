package io.outpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

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
    private static final int EXECUTABLE = 0100;
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

    /** The directory of the binaries in {@code archive}; the other directories beside it are old ones. */
    static Path prepare(Path workingDir, URL archive) throws IOException {
        String stamp = stamp(archive);
        Path dir = workingDir.resolve("pg-" + sha256(stamp).substring(0, 16));
        Path marker = dir.resolve(MARKER);
        if (!Files.exists(marker) || !Files.readString(marker).equals(stamp)) {
            Files.createDirectories(workingDir);
            unpack(archive, dir);
            Files.writeString(marker, stamp);
            removeAllBut(workingDir, dir); // binaries of an earlier version
        }
        return dir;
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
                } else if (e.isSymbolicLink() || e.isLink()) { // a hard link becomes a symlink to its target
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
        deleteTree(dir);
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("PostgreSQL binaries unpacked into %s in %d ms", dir, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void removeAllBut(Path workingDir, Path keep) throws IOException {
        try (var entries = Files.list(workingDir)) {
            for (Path p : entries.filter(p -> !p.equals(keep)).toList()) {
                deleteTree(p);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
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
