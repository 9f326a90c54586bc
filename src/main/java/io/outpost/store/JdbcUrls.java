package io.outpost.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Translates the reactive client's connection URI into the JDBC URL Flyway needs. */
final class JdbcUrls {

    private JdbcUrls() {
    }

    /**
     * {@code postgresql://u:p@h:5432/db?x=y} (optionally {@code vertx-reactive:}-prefixed) to
     * {@code jdbc:postgresql://h:5432/db?x=y&user=u&password=p}: pgjdbc does not read credentials from
     * the authority part.
     */
    static String fromReactive(String reactiveUrl) {
        String url = reactiveUrl.trim();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("quarkus.datasource.reactive.url is not a URI: " + e.getMessage(), e);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("quarkus.datasource.reactive.url must start with postgresql://");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getRawAuthority().replaceFirst("^.*@", ""))
                .append(uri.getRawPath() == null ? "" : uri.getRawPath());
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            query = append(query, "user", colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                query = append(query, "password", userInfo.substring(colon + 1));
            }
        }
        return query.isEmpty() ? jdbc.toString() : jdbc.append('?').append(query).toString();
    }

    private static String append(String query, String key, String rawValue) {
        String value = URLEncoder.encode(URLDecoder.decode(rawValue, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return (query.isEmpty() ? "" : query + "&") + key + "=" + value;
    }
}
