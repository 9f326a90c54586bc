package io.outpost.cache;

import static io.outpost.testing.Agent.api;

import java.util.List;

import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Recorded;
import io.restassured.response.Response;

/** Reads through the agent's cache, and what the shared test upstream saw of them. */
final class CacheCalls {

    private CacheCalls() {
    }

    /** {@code GET /v1/routes/{route}/fetch{path}} with the test token and the given header name/value pairs. */
    static Response fetch(String route, String path, String... headers) {
        var request = api();
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        return request.get("/v1/routes/" + route + "/fetch" + path);
    }

    /** The upstream requests for exactly this path below the route. */
    static List<Recorded> seen(String route, String path) {
        return TestUpstream.shared().requests(route).stream().filter(r -> r.path().equals("/" + route + path))
                .toList();
    }
}
