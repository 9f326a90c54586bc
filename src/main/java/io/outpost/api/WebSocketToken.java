package io.outpost.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The API token of a WebSocket upgrade from a browser, which can set no header but
 * {@code Sec-WebSocket-Protocol}: {@code new WebSocket(url, ["outpost", "outpost.bearer." + base64url(token)])}.
 * The agent answers with {@code outpost} (the token is never echoed); base64url because a subprotocol must be
 * an HTTP token and a token may hold any character. Only an upgrade request is looked at.
 */
final class WebSocketToken {

    /** The subprotocol the agent's WebSockets answer with. */
    static final String SUBPROTOCOL = "outpost";
    static final String PREFIX = "outpost.bearer.";

    private WebSocketToken() {
    }

    static boolean matches(HttpServerRequest request, ApiToken token) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return false;
        }
        for (String protocols : request.headers().getAll("Sec-WebSocket-Protocol")) {
            for (String protocol : protocols.split(",")) {
                String p = protocol.trim();
                if (p.startsWith(PREFIX) && token.matches(decode(p.substring(PREFIX.length())))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String decode(String value) {
        try {
            return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // not base64url: no token
        }
    }
}
