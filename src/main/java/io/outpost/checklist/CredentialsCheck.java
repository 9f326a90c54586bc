package io.outpost.checklist;

import java.util.regex.Pattern;

import io.outpost.config.AuthConfig;
import io.outpost.config.RouteConfig;

/**
 * A secret written in a configuration file is read by whoever reads the file, copied with it and often
 * committed; one in a URL is logged by every proxy. Files of their own (a mounted Secret, re-read when
 * rotated) or the environment keep them apart. Only the credentials of the route's {@code auth.type} count,
 * and headers whose names say they carry one.
 */
final class CredentialsCheck implements Check.OfRoute {

    private static final Pattern SECRET_HEADER = Pattern.compile(
            "(?i)authorization|proxy-authorization|cookie|.*(key|token|secret|password|credential).*");

    @Override
    public String id() {
        return "route-credentials";
    }

    @Override
    public String title() {
        return "Credentials from files or secrets, not plain properties";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        String key = "outpost.routes." + name;
        if (Hosts.userInfo(route.url())) {
            return Verdict.fail(key + ".url carries user:password@: proxies and logs see it; use auth.* instead");
        }
        AuthConfig auth = route.auth();
        Verdict v = switch (auth.type()) {
            case NONE -> Verdict.ok("no credentials configured (auth.type=none)");
            case API_KEY -> auth.apiKey().file().isPresent() ? Verdict.ok("API key from auth.api-key.file")
                    : plain(key + ".auth.api-key.value", "auth.api-key.file", facts);
            case OAUTH2 -> auth.oauth2().clientSecretFile().isPresent() || auth.oauth2().privateKeyFile().isPresent()
                    ? Verdict.ok("OAuth2 client credentials from a file")
                    : plain(key + ".auth.oauth2.client-secret", "auth.oauth2.client-secret-file", facts);
            case JWT -> Verdict.ok("JWTs signed with the device key from auth.jwt.key-file");
        };
        for (String header : route.headers().keySet()) {
            if (SECRET_HEADER.matcher(header).matches()) {
                v = v.or(plain(key + ".headers." + header, "an auth.type", facts));
            }
        }
        return v;
    }

    private static Verdict plain(String key, String instead, Facts facts) {
        return switch (facts.sources().origin(key)) {
            case ENVIRONMENT, SECRET, UNSET -> Verdict.ok(key + " from " + facts.sources().describe(key));
            case SYSTEM_PROPERTY, CONFIG_FILE -> Verdict.warn(key + " is written in " + facts.sources().describe(key)
                    + ", where whoever reads or copies it finds the secret; use " + instead
                    + " (a mounted Secret) or the environment");
        };
    }
}
