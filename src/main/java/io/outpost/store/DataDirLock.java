package io.outpost.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One agent per data directory: an exclusive lock on {@code <data-dir>/agent.lock}, held until the process
 * ends. Without it a second agent took the first one's PostgreSQL for a leftover of a crash and asked it to
 * stop, under the first agent's feet. The operating system drops the lock with the process, kill -9 included,
 * so a crashed agent never blocks the next start.
 */
final class DataDirLock {

    private static final Map<Path, FileLock> HELD = new HashMap<>();

    private DataDirLock() {
    }

    /** @throws IllegalStateException when another process holds the directory */
    static synchronized void acquire(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (HELD.containsKey(dir)) {
            return; // this process holds it already (the store restarted)
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("agent.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close(); // this JVM holds it already, through another class loader (a test's restart)
            return;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another Outpost agent is running with the data directory " + dir
                    + " (it holds " + file + "); stop it first, or give this one its own outpost.data-dir");
        }
        HELD.put(dir, lock);
    }
}
