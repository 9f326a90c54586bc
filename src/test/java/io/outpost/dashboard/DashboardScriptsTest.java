package io.outpost.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's pure modules (its SSE parser, formatting, throughput series) under Node's built-in test
 * runner, {@code src/test/js/*.test.mjs}: no npm package, nothing downloaded. Skipped, saying so, where no
 * {@code node} is on the PATH; the browser tests still run the same modules in Chromium.
 */
class DashboardScriptsTest {

    @Test
    void theModulesPassTheirNodeTests() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("node"), "Dashboard script tests skipped: no node on the PATH");
        Process p = new ProcessBuilder("node", "--test", "src/test/js/").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("# fail 0").containsPattern("# pass [1-9]");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
