package io.outpost.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Route URLs as the API shows them. Upstreams often take credentials in the URL itself (user info, or
 * query parameters such as {@code api_key} or a signature), and {@code /v1/routes} is read by dashboards
 * and support scripts that should not learn them.
 */
final class RedactedUrl {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "([?&](?:[^=&#]*(?:key|token|secret|password|passwd|pwd|sig|signature|auth|credential|session)[^=&#]*)=)"
                    + "[^&#]*",
            Pattern.CASE_INSENSITIVE);

    private RedactedUrl() {
    }

    static String of(String url) {
        String withoutUser = USER_INFO.matcher(url).replaceFirst("$1***@");
        return SECRET_PARAM.matcher(withoutUser).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "***");
    }
}
