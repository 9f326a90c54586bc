package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory and routes may come from a config file or from the environment, as documented. */
class ConfigSourcesIT {

    private static int post(AgentProcess agent, String route) throws Exception {
        return HttpClient.newHttpClient().send(agent.request("/v1/routes/" + route + "/messages")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void configFileNamedByQuarkusConfigLocations(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("outpost.properties");
        Files.writeString(file, "outpost.data-dir=" + tmp.resolve("from-file") + "\n"
                + "outpost.routes.filed.url=http://127.0.0.1:9/\n");
        try (AgentProcess agent = new AgentProcess(tmp.resolve("unused"),
                Map.of("quarkus.config.locations", file.toString())).start().awaitReady()) {
            assertThat(post(agent, "filed")).isEqualTo(202);
        }
        assertThat(tmp.resolve("from-file/pg/PG_VERSION")).exists();
        assertThat(tmp.resolve("unused")).doesNotExist();
    }

    /** The README's start command: the sample file, and the environment and -D settings above it. */
    @Test
    void theEnvironmentAndSystemPropertiesOverrideTheSampleFile(@TempDir Path tmp) throws Exception {
        try (AgentProcess agent = new AgentProcess(tmp.resolve("unused"), Map.of("quarkus.config.locations",
                Path.of("deploy/sample/outpost.properties").toAbsolutePath().toString(),
                "outpost.data-dir", tmp.resolve("from-property").toString()))
                .env("OUTPOST_ROUTES_EXAMPLE_URL", "http://127.0.0.1:9/from-env").start().awaitReady()) {
            String route = HttpClient.newHttpClient().send(agent.request("/v1/routes/example").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(route).contains("\"url\":\"http://127.0.0.1:9/from-env\"");
        }
        assertThat(tmp.resolve("from-property/pg/PG_VERSION")).exists();
    }

    @Test
    void environmentVariables(@TempDir Path tmp) throws Exception {
        try (AgentProcess agent = new AgentProcess(tmp.resolve("unused"), Map.of())
                .env("OUTPOST_DATA_DIR", tmp.resolve("from-env").toString())
                .env("OUTPOST_ROUTES_ORDERS_URL", "http://127.0.0.1:9/orders").start().awaitReady()) {
            assertThat(post(agent, "orders")).isEqualTo(202);
        }
        assertThat(tmp.resolve("from-env/pg/PG_VERSION")).exists();
    }
}
