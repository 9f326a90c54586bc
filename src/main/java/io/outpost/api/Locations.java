package io.outpost.api;

import java.net.URI;
import java.util.Locale;

import io.outpost.delivery.Urls;

/**
 * A {@code Location} from an upstream, as the client of {@code /fetch} should follow it. Like a reverse
 * proxy's rewrite: a target below the route's URL becomes the matching {@code /v1/routes/{route}/fetch}
 * path, so that following it stays with the cache, the offline handling and the route's credentials; a
 * relative one elsewhere becomes absolute (against the agent it would name nothing); others pass unchanged.
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
            resolved = URI.create(Urls.join(routeUrl, target)).resolve(location.trim());
        } catch (IllegalArgumentException e) {
            return location; // not a URI we can read: the client gets what the upstream said
        }
        String rest = below(base, resolved);
        if (rest == null) {
            return resolved.toString();
        }
        String query = resolved.getRawQuery();
        return "/v1/routes/" + route + "/fetch" + rest + (query == null ? "" : "?" + query);
    }

    /** The path of {@code uri} below {@code base} (empty or starting with '/'), or null if it is not below. */
    private static String below(URI base, URI uri) {
        if (base.getRawQuery() != null || uri.getRawPath() == null || uri.getHost() == null
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
