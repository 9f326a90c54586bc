package io.outpost.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.outpost.auth.SecretFile;
import io.outpost.config.OutpostConfig;

/**
 * The local API's bearer token, from {@code outpost.api.token-file} (re-read when it changes) or
 * {@code outpost.api.token}. Presented tokens are compared by SHA-256 digest with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the digests differ.
 */
@ApplicationScoped
public class ApiToken {

    private final Optional<SecretFile> file;
    private final byte[] configured;
    private volatile String lastValue;
    private volatile byte[] lastDigest;

    ApiToken(OutpostConfig config) {
        this.file = config.api().tokenFile().map(f -> new SecretFile(f, "outpost.api.token-file"));
        this.configured = config.api().token().filter(t -> !t.isBlank()).map(t -> sha256(t.trim())).orElse(null);
    }

    /** Whether the API requires a token at all. */
    public boolean required() {
        return file.isPresent() || configured != null;
    }

    /** Whether {@code presented} is the token. */
    public boolean matches(String presented) {
        byte[] expected = expected();
        return expected != null && presented != null && MessageDigest.isEqual(expected, sha256(presented));
    }

    private byte[] expected() {
        if (file.isEmpty()) {
            return configured;
        }
        String current = file.get().value();
        if (!current.equals(lastValue)) { // hash a rotated token once, not per request
            lastDigest = sha256(current);
            lastValue = current;
        }
        return lastDigest;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
