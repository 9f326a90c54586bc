package io.outpost.checklist;

import io.outpost.config.ApiConfig;

/**
 * An API without a token that listens beyond loopback lets anything on the network send as this device;
 * a token written in a configuration file is as exposed as the file.
 */
final class ApiTokenCheck implements Check.OfAgent {

    private static final String TOKEN = "outpost.api.token";

    @Override
    public String id() {
        return "api-token";
    }

    @Override
    public String title() {
        return "A token on the local API when it listens beyond loopback";
    }

    @Override
    public Verdict judge(Facts facts) {
        ApiConfig api = facts.config().api();
        boolean file = api.tokenFile().isPresent();
        boolean token = file || api.token().filter(t -> !t.isBlank()).isPresent();
        String listens = "quarkus.http.host=" + facts.apiHost();
        if (!token) {
            return Hosts.loopback(facts.apiHost()) ? Verdict.ok(listens + ": only this device reaches the API")
                    : Verdict.fail(listens + " serves the API beyond this device without a token: set "
                            + "outpost.api.token-file, or listen on 127.0.0.1");
        }
        KeySources.Origin origin = facts.sources().origin(TOKEN);
        if (!file && (origin == KeySources.Origin.CONFIG_FILE || origin == KeySources.Origin.SYSTEM_PROPERTY)) {
            return Verdict.warn(TOKEN + " is written in " + facts.sources().describe(TOKEN) + ": use "
                    + "outpost.api.token-file (a mounted Secret) or the environment");
        }
        return Verdict.ok(listens + "; every /v1 call needs the token, from " + (file ? "outpost.api.token-file"
                : facts.sources().describe(TOKEN)));
    }
}
