package io.outpost.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.http.HttpMethod;

/**
 * Which stored URLs an answer to an unsafe request invalidates (RFC 9111 section 4.4): the request's own URL,
 * and the answer's {@code Location} and {@code Content-Location} when they are on the request's origin (another
 * origin's entries must not be removable by whoever answers this one). A URL is found on every cached route
 * whose base it lies under, as the {@code (route, target)} keys {@code /fetch} stores it by.
 */
final class InvalidatedUrls {

    /** A stored URL: the route and the target below it (path and query, as {@code /fetch} keys it). */
    record Key(String route, String target) {
    }

    private final Map<String, URI> bases;

    /** @param bases each cached route's base URL */
    InvalidatedUrls(Map<String, URI> bases) {
        this.bases = bases;
    }

    /** Whether an answer with this status to a request with this method invalidates: unsafe, and 2xx or 3xx. */
    static boolean invalidates(HttpMethod method, int status) {
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE;
        return !safe && status >= 200 && status < 400;
    }

    /** The stored URLs the answer invalidates; {@code locations} are the answer's Location/Content-Location. */
    Set<Key> of(String requestUrl, List<String> locations) {
        Set<Key> keys = new LinkedHashSet<>();
        URI request = parse(requestUrl);
        if (request == null || request.getHost() == null) {
            return keys;
        }
        add(keys, request);
        for (String location : locations) {
            URI to = parse(location);
            if (to != null) {
                URI resolved = request.resolve(to);
                if (sameOrigin(request, resolved)) {
                    add(keys, resolved);
                }
            }
        }
        return keys;
    }

    private void add(Set<Key> keys, URI url) {
        bases.forEach((route, base) -> targets(base, url).forEach(t -> keys.add(new Key(route, t))));
    }

    /** The targets below {@code base} whose URL is {@code url} (the inverse of {@code RouteConfig.urlFor}). */
    static List<String> targets(URI base, URI url) {
        List<String> targets = new ArrayList<>(2);
        if (!sameOrigin(base, url)) {
            return targets;
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String query = query(base.getRawQuery(), url.getRawQuery());
        if (!path.startsWith(basePath) || query == null) {
            return targets;
        }
        String rest = path.substring(basePath.length());
        String suffix = query.isEmpty() ? "" : "?" + query;
        if (basePath.endsWith("/")) {
            targets.add("/" + rest + suffix); // a sub-path's leading slash joins the base's
            if (rest.isEmpty()) {
                targets.add(suffix);
            }
        } else if (rest.isEmpty() || rest.startsWith("/")) {
            targets.add(rest + suffix);
        }
        return targets;
    }

    /** The target's own query: the URL's after the base's (which the join puts first), or null if not under it. */
    private static String query(String base, String url) {
        String b = base == null ? "" : base;
        String u = url == null ? "" : url;
        if (b.isEmpty()) {
            return u;
        }
        if (u.equals(b)) {
            return "";
        }
        return u.startsWith(b + "&") ? u.substring(b.length() + 1) : null;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    /** The URL, or null if it is not one. */
    static URI parse(String url) {
        try {
            return new URI(url.trim());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
