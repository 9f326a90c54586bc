package io.outpost.config;

/**
 * Joins a route's base URL and a sub-path (which may carry a query string): the one place URLs are built from
 * a route. The sub-path is percent-encoded on the way ({@link UriEncoding#target}); the base is the
 * operator's, sent as configured.
 */
public final class RouteUrl {

    private RouteUrl() {
    }

    public static String join(String base, String subpath) {
        if (subpath == null || subpath.isEmpty()) {
            return base;
        }
        String basePath = base;
        String baseQuery = null;
        int q = base.indexOf('?');
        if (q >= 0) {
            basePath = base.substring(0, q);
            baseQuery = base.substring(q + 1);
        }
        String subPath = UriEncoding.target(subpath);
        String encoded = subPath;
        String subQuery = null;
        int sq = encoded.indexOf('?');
        if (sq >= 0) {
            subPath = encoded.substring(0, sq);
            subQuery = encoded.substring(sq + 1);
        }
        String path = basePath.endsWith("/") && subPath.startsWith("/") ? basePath + subPath.substring(1)
                : basePath + subPath;
        baseQuery = baseQuery == null || baseQuery.isEmpty() ? null : baseQuery;
        subQuery = subQuery == null || subQuery.isEmpty() ? null : subQuery;
        String query = baseQuery == null ? subQuery : subQuery == null ? baseQuery : baseQuery + "&" + subQuery;
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }
}
