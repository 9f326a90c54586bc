package io.outpost.api;

import java.net.URI;
import java.util.Locale;

import io.outpost.config.RouteUrl;

/**
 * A {@code Location} from an upstream, as the client of {@code /fetch} should follow it. Like a reverse
 * proxy's rewrite: a target below the route's URL becomes the matching {@code /v1/routes/{route}/fetch}
 * path, so that following it stays with the cache, the offline handling and the route's credentials; a
 * relative one elsewhere becomes absolute (against the agent it would name nothing); others pass unchanged.
 * Nothing is rewritten for a route whose URL has a query: what lies below it is not well defined.
 */
final class Locations {

    private Locations() {
    }

    /** {@code location} as sent by the upstream for a fetch of {@code target} through {@code route}. */
    static String forClient(String location, String route, String routeUrl, String target) {
        URI resolved;
        URI base;
        try {
            base = URI.create(routeUrl);
            URI fetched = URI.create(RouteUrl.join(routeUrl, target));
            String ref = location.trim();
            // java.net.URI resolves a query-only reference against the directory, not the document (RFC 3986
            // 5.2.2 keeps the path), and leaves dot segments of an absolute path as they are
            resolved = (ref.startsWith("?") ? URI.create(fetched.getScheme() + "://" + fetched.getRawAuthority()
                    + fetched.getRawPath() + ref) : fetched.resolve(ref)).normalize();
        } catch (IllegalArgumentException e) {
            return location; // not a URI we can read: the client gets what the upstream said
        }
        String rest = below(base, resolved);
        if (rest == null || DotSegments.in(rest)) {
            return resolved.toString();
        }
        String query = resolved.getRawQuery();
        String fragment = resolved.getRawFragment();
        return "/v1/routes/" + route + "/fetch" + rest + (query == null ? "" : "?" + query)
                + (fragment == null ? "" : "#" + fragment);
    }

    /** The path of {@code uri} below {@code base} (empty or starting with '/'), or null if it is not below. */
    private static String below(URI base, URI uri) {
        if (base.getRawQuery() != null || uri.getRawPath() == null || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !base.getScheme().equalsIgnoreCase(uri.getScheme())
                || !base.getHost().equalsIgnoreCase(uri.getHost()) || port(base) != port(uri)) {
            return null;
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        String path = uri.getRawPath();
        if (!path.startsWith(basePath)) {
            return null;
        }
        String rest = path.substring(basePath.length());
        return rest.isEmpty() || rest.startsWith("/") ? rest : null;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }
}
