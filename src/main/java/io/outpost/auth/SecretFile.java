package io.outpost.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.jboss.logging.Logger;

/**
 * A secret kept in a file (a mounted Kubernetes Secret, a credentials file): read at start, read again when
 * its modification time changes, looked at no more than once a second. If a rotated file cannot be read,
 * the previous value stays in use. The value is never logged.
 */
public final class SecretFile {

    private static final Logger LOG = Logger.getLogger(SecretFile.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Path path;
    private final String key;
    private volatile String value;
    private volatile FileTime modified;
    private volatile long checkedAt = System.nanoTime();

    /** @param key the config key that names the file, for messages */
    public SecretFile(Path path, String key) {
        this.path = path;
        this.key = key;
        try {
            load();
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot read " + path, e);
        }
    }

    public String value() {
        if (System.nanoTime() - checkedAt >= RECHECK_NANOS) {
            checkedAt = System.nanoTime();
            try {
                if (!Files.getLastModifiedTime(path).equals(modified)) {
                    load();
                    LOG.infof("%s: %s changed; using the new value", key, path);
                }
            } catch (IOException | IllegalStateException e) {
                LOG.warnf("%s: %s is unreadable (%s); keeping the previous value", key, path, e.getClass().getSimpleName());
            }
        }
        return value;
    }

    private synchronized void load() throws IOException {
        FileTime time = Files.getLastModifiedTime(path);
        String content = Files.readString(path, StandardCharsets.UTF_8).trim();
        if (content.isEmpty()) {
            throw new IllegalStateException(key + ": " + path + " is empty");
        }
        value = content;
        modified = time;
    }
}
