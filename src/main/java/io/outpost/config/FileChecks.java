package io.outpost.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The settings that name a file or need a companion setting: the local API's token file and each route's
 * upstream credentials. Checked with the rest of the configuration, so that a missing secret stops start-up
 * with the key named instead of failing the first request that needs it.
 */
final class FileChecks {

    private FileChecks() {
    }

    static void api(List<String> p, ApiConfig api) {
        readable(p, "outpost.api.token-file", api.tokenFile());
    }

    static void auth(List<String> p, String key, AuthConfig auth) {
        switch (auth.type()) {
            case API_KEY -> {
                if (auth.apiKey().value().filter(v -> !v.isBlank()).isEmpty() && auth.apiKey().file().isEmpty()) {
                    p.add(key + ".api-key.value: required for auth.type=api-key (or api-key.file)");
                }
                readable(p, key + ".api-key.file", auth.apiKey().file());
            }
            case OAUTH2 -> {
                AuthConfig.OAuth2 o = auth.oauth2();
                required(p, key + ".oauth2.token-url", o.tokenUrl(), "oauth2");
                required(p, key + ".oauth2.client-id", o.clientId(), "oauth2");
                readable(p, key + ".oauth2.client-secret-file", o.clientSecretFile());
                readable(p, key + ".oauth2.private-key-file", o.privateKeyFile());
            }
            case JWT -> {
                if (auth.jwt().keyFile().isEmpty()) {
                    p.add(key + ".jwt.key-file: required for auth.type=jwt");
                }
                readable(p, key + ".jwt.key-file", auth.jwt().keyFile());
            }
            case NONE -> {
                // nothing to check
            }
        }
    }

    private static void required(List<String> p, String key, Optional<String> value, String type) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            p.add(key + ": required for auth.type=" + type);
        }
    }

    /** A file that must exist, be readable and hold something besides white space. */
    private static void readable(List<String> p, String key, Optional<Path> file) {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        try {
            if (new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1).isBlank()) {
                p.add(key + ": " + path + " is empty");
            }
        } catch (IOException e) {
            p.add(key + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
