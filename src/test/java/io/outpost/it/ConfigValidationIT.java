package io.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad configuration stops start-up with a message that names the key, and leaves no store running. */
class ConfigValidationIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "outpost.routes.bad.timeout|5s|outpost.routes.bad.url|false",
            "outpost.routes.bad.url|ftp://somewhere|outpost.routes.bad.url|false",
            "outpost.routes.bad.rate-limit|lots|outpost.routes.bad.rate-limit|true",
            "outpost.routes.bad.concurrency|0|outpost.routes.bad.concurrency|true",
            "outpost.outbox.max-messages|-1|outpost.outbox.max-messages|false",
            "outpost.outbox.max-bytes|-5|outpost.outbox.max-bytes|false" })
    void badValueStopsStartupNamingTheKey(String key, String value, String named, boolean withUrl, @TempDir Path tmp)
            throws Exception {
        Map<String, String> config = withUrl ? Map.of(key, value, "outpost.routes.bad.url", "http://127.0.0.1:9/")
                : Map.of(key, value);
        try (AgentProcess agent = new AgentProcess(tmp.resolve("data"), config).start()) {
            Optional<Integer> exit = agent.awaitExit(AgentProcess.READY);
            assertThat(exit).as("the agent must refuse to start; it said:\n%s", agent.output()).isPresent();
            assertThat(exit.get()).isNotZero();
            assertThat(agent.output()).contains(named);
            assertThat(agent.postmaster()).as("no embedded store left running").isEmpty();
        }
    }

    @Test
    void anOpenNetworkWithoutATokenStopsStartup(@TempDir Path tmp) throws Exception {
        // the agent exits before it serves anything; no test traffic goes beyond loopback
        Map<String, String> config = Map.of("quarkus.http.host", "0.0.0.0", "outpost.api.token", "");
        try (AgentProcess agent = new AgentProcess(tmp.resolve("data"), config).start()) {
            Optional<Integer> exit = agent.awaitExit(AgentProcess.READY);
            assertThat(exit).as("the agent must refuse to start; it said:\n%s", agent.output()).isPresent();
            assertThat(exit.get()).isNotZero();
            assertThat(agent.output()).contains("quarkus.http.host=0.0.0.0", "outpost.api.token-file",
                    "outpost.api.allow-open-network=true");
        }
    }
}
