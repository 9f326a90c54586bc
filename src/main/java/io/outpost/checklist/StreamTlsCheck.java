package io.outpost.checklist;

import java.util.ArrayList;
import java.util.List;

import io.outpost.config.StreamConfig;

/** The {@link TlsCheck} of streams: their URL and fallback URL, one item for all of them. */
final class StreamTlsCheck implements Check.OfAgent {

    @Override
    public String id() {
        return "stream-tls";
    }

    @Override
    public String title() {
        return "Streams over TLS (wss, https) beyond the device";
    }

    @Override
    public Verdict judge(Facts facts) {
        List<String> plain = new ArrayList<>();
        facts.config().streams().keySet().stream().sorted().forEach(name -> {
            StreamConfig s = facts.config().streams().get(name);
            check(plain, "outpost.streams." + name + ".url", s.url());
            s.fallbackUrl().ifPresent(u -> check(plain, "outpost.streams." + name + ".fallback-url", u));
        });
        if (!plain.isEmpty()) {
            return Verdict.fail(String.join(", ", plain) + " without TLS beyond the device: use wss:// or https://");
        }
        return Verdict.ok(facts.config().streams().isEmpty() ? "no streams configured"
                : "every stream uses TLS or stays on the device");
    }

    private static void check(List<String> plain, String key, String url) {
        if (!Hosts.tls(url) && !Hosts.loopback(Hosts.of(url))) {
            plain.add(key + " (" + Hosts.of(url) + ")");
        }
    }
}
