package io.outpost.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.outpost.config.OutpostConfig;

/**
 * The local API's bearer token. Only its SHA-256 digest is kept; presented tokens are hashed and compared
 * with {@link MessageDigest#isEqual}, which takes the same time wherever the digests differ. A token file
 * is re-read when it changes (a rotated Kubernetes Secret), checked at most once a second.
 */
@ApplicationScoped
public class ApiToken {

    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final Optional<Path> file;
    private volatile byte[] digest;
    private volatile FileTime fileTime;
    private volatile long checkedAt;

    ApiToken(OutpostConfig config) {
        this.file = config.api().tokenFile();
        this.digest = config.api().token().filter(t -> !t.isBlank()).map(t -> sha256(t.trim())).orElse(null);
        file.ifPresent(f -> {
            if (!Files.isReadable(f)) {
                throw new IllegalStateException("outpost.api.token-file: cannot read " + f);
            }
            reload(f);
        });
    }

    /** Whether the API requires a token at all. */
    public boolean required() {
        refresh();
        return digest != null;
    }

    /** Whether {@code presented} is the token. */
    public boolean matches(String presented) {
        byte[] expected = digest;
        return expected != null && presented != null && MessageDigest.isEqual(expected, sha256(presented));
    }

    private void refresh() {
        if (file.isEmpty() || System.nanoTime() - checkedAt < RECHECK_NANOS) {
            return;
        }
        checkedAt = System.nanoTime();
        try {
            if (!Files.getLastModifiedTime(file.get()).equals(fileTime)) {
                reload(file.get());
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("outpost.api.token-file %s unreadable; keeping the previous token (%s)", file.get(), e);
        }
    }

    private synchronized void reload(Path f) {
        try {
            fileTime = Files.getLastModifiedTime(f);
            String token = Files.readString(f, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new IllegalStateException("outpost.api.token-file: " + f + " is empty");
            }
            digest = sha256(token);
            LOG.infof("API token loaded from %s", f);
        } catch (IOException e) {
            throw new UncheckedIOException("outpost.api.token-file: cannot read " + f, e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
