package io.outpost.api;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Paths that would step out of a route's URL. The router resolves literal and {@code %2e} dot segments of
 * the local path itself, so what reaches a route handler can still hold them with an encoded separator
 * ({@code ..%2f..%2fsecret}): an upstream that decodes {@code %2F} (or takes a backslash for a slash) would
 * then serve something outside the route's URL, with the route's credentials.
 */
final class DotSegments {

    private static final String SEP = "(?:/|\\\\|%2f|%5c)";
    private static final Pattern DOT_SEGMENT = Pattern.compile("(?i)(?:^|" + SEP + ")(?:\\.|%2e){1,2}(?:" + SEP + "|$)");

    private DotSegments() {
    }

    /** Whether the path (a query after '?' is not looked at) has a "." or ".." segment, encoded or not. */
    static boolean in(String pathAndQuery) {
        if (pathAndQuery.indexOf('.') < 0 && pathAndQuery.indexOf('%') < 0) {
            return false; // most paths, and every accept without a sub-path: no regex on the hot path
        }
        int q = pathAndQuery.indexOf('?');
        return DOT_SEGMENT.matcher(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q)).find();
    }

    /** The 400 for such a path, naming the parameter it came in. */
    static ProblemException refused(String param) {
        return ProblemException.invalid("The path has \".\" or \"..\" segments (perhaps with an encoded '/').",
                List.of(new Problem.InvalidParam(param, "must not have \".\" or \"..\" segments: a server that "
                        + "resolves them would serve something outside the route's URL")));
    }
}
