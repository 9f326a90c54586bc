package io.outpost.checklist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.outpost.config.StreamConfig;

/**
 * NATs and load balancers drop connections that stay silent for a minute or so, often without a word to
 * either end: a WebSocket must ping more often than that, and a stream must notice silence soon enough to
 * reconnect before much is missed.
 */
final class HeartbeatCheck implements Check.OfAgent {

    static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String id() {
        return "stream-heartbeat";
    }

    @Override
    public String title() {
        return "Stream heartbeats within idle timeouts";
    }

    @Override
    public Verdict judge(Facts facts) {
        List<String> slow = new ArrayList<>();
        facts.config().streams().keySet().stream().sorted().forEach(name -> {
            StreamConfig s = facts.config().streams().get(name);
            String key = "outpost.streams." + name + ".";
            if (s.transport() == StreamConfig.Transport.WEBSOCKET && s.heartbeatInterval().compareTo(MAX_INTERVAL) > 0) {
                slow.add(key + "heartbeat-interval=" + Text.duration(s.heartbeatInterval()));
            }
            if (s.heartbeatTimeout().compareTo(MAX_TIMEOUT) > 0) {
                slow.add(key + "heartbeat-timeout=" + Text.duration(s.heartbeatTimeout()));
            }
        });
        if (!slow.isEmpty()) {
            return Verdict.warn(String.join(", ", slow) + ": a WebSocket should ping within "
                    + Text.duration(MAX_INTERVAL) + " and a silent connection be replaced within "
                    + Text.duration(MAX_TIMEOUT));
        }
        return Verdict.ok(facts.config().streams().isEmpty() ? "no streams configured"
                : "every stream pings and notices silence in time");
    }
}
