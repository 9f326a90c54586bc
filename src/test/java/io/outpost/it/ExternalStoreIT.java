package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.outpost.store.TestPostgres;
import io.vertx.core.json.JsonObject;

/** With quarkus.datasource.reactive.url set, the agent uses that PostgreSQL and starts none of its own. */
class ExternalStoreIT {

    @Test
    void agentUsesTheConfiguredPostgresql(@TempDir Path tmp) throws Exception {
        try (TestPostgres external = TestPostgres.start(tmp.resolve("external"))) {
            try (Connection c = DriverManager.getConnection(external.jdbcUrl("postgres"));
                    Statement s = c.createStatement()) {
                s.execute("create user agent password 'agent-secret'");
                s.execute("create database outbox owner agent");
            }
            Map<String, String> config = Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + external.port() + "/outbox",
                    "quarkus.datasource.username", "agent",
                    "quarkus.datasource.password", "agent-secret",
                    "outpost.routes.sink.url", "http://127.0.0.1:9/sink");
            Path data = tmp.resolve("data");
            String id;
            try (AgentProcess agent = new AgentProcess(data, config).start().awaitReady()) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        agent.request("/v1/routes/sink/messages")
                                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(202);
                id = new JsonObject(r.body()).getString("id");
                assertThat(agent.output()).doesNotContain("agent-secret");
            }
            assertThat(Files.exists(data.resolve("pg"))).as("no embedded server").isFalse();
            try (Connection c = DriverManager.getConnection(external.jdbcUrl("outbox", "agent"));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select convert_from(body, 'UTF8') from outbox_message where id = '"
                            + id + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello");
            }
        }
    }
}
