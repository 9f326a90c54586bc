package io.outpost.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;

/**
 * What the agent's HTTP server was asked, as it saw it (URI and whether an Authorization header came with
 * it), recorded only while a test asks: so that a test can check from the server's side that the browser
 * never put the token in a URL and sent it on every API call.
 */
@Singleton
public class RequestLog {

    /** One request: its URI as received, its User-Agent and its Authorization header (null when absent). */
    public record Seen(String uri, String userAgent, String authorization) {
    }

    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (recording) {
                SEEN.add(new Seen(ctx.request().uri(), ctx.request().getHeader("User-Agent"),
                        ctx.request().getHeader("Authorization")));
            }
            ctx.next();
        });
    }

    public static void start() {
        SEEN.clear();
        recording = true;
    }

    /** What was recorded since {@link #start()}, recording on. */
    public static List<Seen> seen() {
        return List.copyOf(SEEN);
    }

    public static List<Seen> stop() {
        recording = false;
        return List.copyOf(SEEN);
    }
}
