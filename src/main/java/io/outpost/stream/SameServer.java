package io.outpost.stream;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a stream's URL and its route's URL reach the same server (host and port; {@code ws} counts as
 * {@code http}, {@code wss} as {@code https}). Only then does the stream's connection say something about
 * the route's reachability: a stream on another host that is down must not take the route down with it.
 */
final class SameServer {

    private SameServer() {
    }

    static boolean of(String streamUrl, String routeUrl) {
        try {
            URI a = URI.create(streamUrl);
            URI b = URI.create(routeUrl);
            return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }
}
