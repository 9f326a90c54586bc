package io.outpost.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks an xz-compressed tar, streaming: one entry in memory at a time, whatever the archive's size, so
 * the JVM needs no more heap for it than for its steady state (XZ for Java decodes, Commons Compress reads
 * the tar). Keeps the entries' permissions and links; refuses any entry or link that leads outside.
 */
final class TarXz {

    private TarXz() {
    }

    static void unpack(InputStream txz, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null;) {
                Path target = inside(root, root.resolve(e.getName()), e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (e.isSymbolicLink()) {
                    inside(root, target.getParent().resolve(e.getLinkName()), e.getName() + " -> " + e.getLinkName());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else if (e.isLink()) { // a hard link names its target from the archive's root
                    Files.createLink(target, inside(root, root.resolve(e.getLinkName()), e.getLinkName()));
                } else if (e.isFile()) {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(e.getMode()));
                } else {
                    throw new IOException("Unexpected entry in the PostgreSQL archive: " + e.getName());
                }
            }
        }
    }

    private static Path inside(Path root, Path path, String what) throws IOException {
        Path normal = path.normalize();
        if (!normal.startsWith(root) || normal.equals(root)) {
            throw new IOException("Archive entry outside its directory: " + what);
        }
        return normal;
    }

    /** The entry's mode, but always readable and writable by the owner (the agent may replace the files). */
    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder("rw");
        String all = "rwxrwxrwx";
        for (int bit = 2; bit < 9; bit++) {
            s.append((mode & (1 << (8 - bit))) != 0 ? all.charAt(bit) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }
}
