package io.outpost.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose URI does not parse (a malformed escape like {@code %zz} in the path or query, a
 * space) with a problem+json 400, ahead of every route. Quarkus makes the same check before its router and
 * answers a bare 400; {@link io.outpost.Main} turns that one off ({@code vertx.disableURIValidation}) so that
 * this one, which can say what is wrong, is the one that answers. Bytes outside ASCII (raw UTF-8, which the
 * codec hands over one char per byte, some of them C1 controls {@link URI} refuses) are looked at as the
 * escapes they are sent upstream as ({@link io.outpost.config.UriEncoding}).
 */
@Singleton
public class UriCheck {

    /** The system property that turns Quarkus's own check off; read by Quarkus when its server starts. */
    public static final String QUARKUS_CHECK_OFF = "vertx.disableURIValidation";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(UriCheck::check);
    }

    private static void check(RoutingContext ctx) {
        String uri = ctx.request().uri();
        try {
            new URI(nonAsciiEscaped(uri));
        } catch (URISyntaxException e) {
            ProblemWriter.write(ctx.response(), ProblemException.invalid("The request's URI does not parse: "
                    + e.getReason() + " at index " + e.getIndex() + ". Percent-encode '%' as %25, a space as %20.",
                    List.of(new Problem.InvalidParam("uri", e.getReason()))));
            return;
        }
        ctx.next();
    }

    private static String nonAsciiEscaped(String uri) {
        StringBuilder out = null;
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c >= 0x80 && out == null) {
                out = new StringBuilder(uri.length() + 16).append(uri, 0, i);
            }
            if (out != null) {
                out.append(c < 0x80 ? String.valueOf(c) : String.format("%%%02X", c & 0xff));
            }
        }
        return out == null ? uri : out.toString();
    }
}
