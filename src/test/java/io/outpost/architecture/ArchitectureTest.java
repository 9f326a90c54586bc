package io.outpost.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package map of src/docs/architecture.md, enforced: each feature package may use only the packages
 * listed for it, the listed directions have no cycle, and every package says what it owns in a
 * package-info. Adding an import back up (say {@code upstream -> delivery}) fails here.
 */
class ArchitectureTest {

    /** Who may use whom: the layering, top to bottom. Keep it in step with src/docs/architecture.md. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("api", Set.of("auth", "budget", "cache", "checklist", "config", "connectivity", "delivery", "fleet",
                    "outbox", "store", "stream", "transfer", "upstream")),
            Map.entry("checklist", Set.of("upstream", "outbox", "budget", "config")),
            Map.entry("cache", Set.of("upstream", "store", "config")),
            Map.entry("stream", Set.of("upstream", "connectivity", "fleet", "store", "config")),
            Map.entry("transfer", Set.of("upstream", "connectivity", "fleet", "store", "config")),
            Map.entry("delivery", Set.of("upstream", "connectivity", "outbox", "budget", "fleet", "store", "config")),
            Map.entry("budget", Set.of("upstream", "store", "config")),
            Map.entry("auth", Set.of("upstream", "config")),
            Map.entry("connectivity", Set.of("upstream", "config")),
            Map.entry("outbox", Set.of("fleet", "store", "config")),
            Map.entry("fleet", Set.of("store", "config")),
            Map.entry("upstream", Set.of("fleet", "config")),
            Map.entry("store", Set.of()),
            Map.entry("config", Set.of()));

    private static final Path MAIN = Path.of("src/main/java/io/outpost");

    @Test
    void everyPackageUsesOnlyWhatTheMapAllows() {
        assertThat(PackageGraph.read(MAIN).outside(ALLOWED)).as("uses outside the package map").isEmpty();
    }

    @Test
    void theMapHasNoCycle() {
        assertThat(PackageGraph.cycle(ALLOWED)).isEmpty();
    }

    @Test
    void everyPackageIsInTheMapAndSaysWhatItOwns() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            dirs.filter(Files::isDirectory).forEach(dir -> {
                assertThat(ALLOWED).as("the package map").containsKey(dir.getFileName().toString());
                assertThat(dir.resolve("package-info.java")).exists();
            });
        }
    }

    @Test
    void anImportBackUpIsFound(@TempDir Path root) throws IOException {
        write(root, "upstream/Pipeline.java", "package io.outpost.upstream;\nimport io.outpost.config.RouteConfig;\n");
        write(root, "config/RouteConfig.java", "package io.outpost.config;\n\nclass RouteConfig {\n"
                + "    io.outpost.upstream.Pipeline pipeline;\n}\n");
        PackageGraph graph = PackageGraph.read(root);
        assertThat(graph.outside(ALLOWED)).containsExactly("config -> upstream (RouteConfig.java)");
        assertThat(PackageGraph.cycle(graph.asMap())).containsExactly("config", "upstream", "config");
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
