package io.outpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Agent-wide settings the default test boot must not have, for the tests that need them, in one boot (each
 * profile costs the run a build and a boot of its own): the whole agent logging at DEBUG to {@link #LOG}
 * (SecretsInLogsTest searches it, and so also what the other tests of this boot logged), and a spool that
 * keeps more free space than any disk has, so every upload is refused (UploadNoRoomTest). Nothing else
 * in this boot uploads.
 */
public class AgentWideProfile implements QuarkusTestProfile {

    public static final Path LOG = Path.of("target", "secrets-debug.log");

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Files.deleteIfExists(LOG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(Map.entry("quarkus.log.level", "DEBUG"), Map.entry("quarkus.log.console.level", "INFO"),
                Map.entry("quarkus.log.file.enabled", "true"), Map.entry("quarkus.log.file.path", LOG.toString()),
                Map.entry("quarkus.log.file.level", "DEBUG"),
                // the OAuth2 server and the test's HTTP client run in this JVM too; what they log is not ours
                Map.entry("quarkus.log.category.\"org.apache.http\".level", "INFO"),
                Map.entry("quarkus.log.category.\"io.restassured\".level", "INFO"),
                Map.entry("quarkus.log.category.\"no.nav\".level", "INFO"),
                Map.entry("quarkus.log.category.\"okhttp3\".level", "INFO"),
                Map.entry("quarkus.log.category.\"mockwebserver3\".level", "INFO"),
                Map.entry("outpost.transfers.min-free-space", "1000000G"));
    }
}
