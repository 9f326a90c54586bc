package io.outpost.api;

import java.util.Map;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** Writes problems from the Vert.x routes, which the REST layer's exception mappers do not see. */
final class ProblemWriter {

    private ProblemWriter() {
    }

    static void write(HttpServerResponse response, Problem problem, Map<String, String> headers) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.forEach(response::putHeader);
        response.end(Json.encode(problem));
    }

    static void write(HttpServerResponse response, ProblemException e) {
        write(response, e.problem(), e.headers());
    }
}
