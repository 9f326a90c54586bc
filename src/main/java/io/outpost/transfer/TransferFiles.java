package io.outpost.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;

/**
 * Where the transfers' bytes live, under {@code <data-dir>/transfers}: {@code <id>.upload} (an upload's
 * spooled body until it is sent), {@code <id>.part} (a download in progress), {@code <id>} (a completed
 * download). Blocking: called on workers.
 */
public final class TransferFiles {

    private final Path dir;

    TransferFiles(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    public Path spool(UUID id) {
        return dir.resolve(id + ".upload");
    }

    Path part(UUID id) {
        return dir.resolve(id + ".part");
    }

    public Path content(UUID id) {
        return dir.resolve(id.toString());
    }

    /** Creates the directory (and syncs its parent) the first time it is needed. */
    void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            syncDirectory(dir.toAbsolutePath().getParent());
        }
    }

    /**
     * Makes a created, renamed or removed name in the directory survive a power cut (syncing the file
     * alone covers its data, not its directory entry).
     */
    void syncDirectory() throws IOException {
        syncDirectory(dir);
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e; // Windows cannot open a directory; it has no need to
            }
        }
    }

    /** Usable bytes on the directory's file system less {@code keepFree}; the most if it cannot tell. */
    long room(long keepFree) {
        Path existing = dir.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent(); // before the first transfer the directory is not there yet
        }
        try {
            return Files.getFileStore(existing).getUsableSpace() - keepFree;
        } catch (IOException e) {
            return Long.MAX_VALUE; // the write itself will say
        }
    }

    /** Moves the finished download to its final name, atomically. */
    void complete(UUID id) throws IOException {
        Files.move(part(id), content(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /**
     * The transfer ids that files in the directory belong to, among files last written before {@code before}
     * (a body being spooled now is newer); names that are not a transfer's are left alone.
     */
    Set<UUID> idsOfFilesBefore(Instant before) throws IOException {
        Set<UUID> ids = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                int dot = name.indexOf('.');
                try {
                    UUID id = UUID.fromString(dot < 0 ? name : name.substring(0, dot));
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                        ids.add(id);
                    }
                } catch (IllegalArgumentException e) {
                    // not a transfer's file
                }
            }
        }
        return ids;
    }

    /** Removes every file of the transfer; what is not there is fine. */
    public void remove(UUID id) {
        for (Path p : new Path[] { spool(id), part(id), content(id) }) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a file that cannot be removed now is orphaned, not harmful; the log of the caller says why
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
