package io.outpost.auth;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from a line of log text, whatever logged it: the agent or a library that dumps a
 * request at DEBUG (the OIDC client prints its token request's {@code authorization=Basic ...}, which is
 * {@code client-id:secret} in base64). It goes by the shapes credentials come in, not by known values,
 * so a token fetched at run time is caught too: the value after an {@code Authorization} or
 * {@code Proxy-Authorization} header name (its scheme kept), cookies, form and JSON fields that carry
 * secrets or tokens, api-key headers and parameters, the local API's token as a WebSocket subprotocol, and
 * anything shaped like a JWT. Pure.
 */
public final class Redaction {

    static final String HIDDEN = "[redacted]";

    /** A header's or a field's separator: {@code : }, {@code =}, {@code ":"}. */
    private static final String SEP = "([\"']?\\s*[:=]\\s*[\"']?)";
    /** A form's or JSON's separator only ({@code =}, {@code ":"}): "secret: required" is a message, not a secret. */
    private static final String FIELD = "(=|[\"']\\s*:\\s*[\"'])";
    private static final List<Pattern> VALUES = List.of(
            // Authorization: Basic abc / authorization=Bearer abc / "Authorization":"Bearer abc"
            Pattern.compile("(?i)(\\b(?:proxy-)?authorization" + SEP + "(?:(?:basic|bearer|digest|dpop|negotiate)\\s+)?)"
                    + "[^\\s,;\"'}\\]]+"),
            Pattern.compile("(?i)(\\b(?:set-)?cookie" + SEP + ")[^\\r\\n\"]+"),
            Pattern.compile("(?i)(\\b(?:client_secret|client_assertion|assertion|access_token|refresh_token|id_token"
                    + "|password|token)" + FIELD + ")[^&\\s,;\"'}\\]]+"),
            Pattern.compile("(?i)(\\b[\\w-]*api[-_]?key" + SEP + ")[^&\\s,;\"'}\\]]+"),
            // the local API's token as a WebSocket subprotocol (Sec-WebSocket-Protocol: outpost.bearer.<base64url>)
            Pattern.compile("(?i)(\\boutpost\\.bearer\\.)[\\w=-]+"));
    private static final Pattern JWT = Pattern.compile("\\beyJ[\\w-]{4,}\\.[\\w-]{4,}\\.[\\w-]*");

    private Redaction() {
    }

    /** {@code text} with every credential it holds replaced by {@value #HIDDEN}; the same string if none. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Pattern p : VALUES) {
            Matcher m = p.matcher(out);
            if (m.find()) {
                out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + HIDDEN));
            }
        }
        Matcher jwt = JWT.matcher(out);
        return jwt.find() ? jwt.replaceAll(HIDDEN) : out;
    }
}
