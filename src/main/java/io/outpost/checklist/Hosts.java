package io.outpost.checklist;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a URL or listen address says about where traffic goes; names are never looked up. */
final class Hosts {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LOOPBACK = Pattern.compile("\\[?(0{0,4}:){2,7}0{0,3}1]?");

    private Hosts() {
    }

    /** Whether {@code host} (a name or a literal address) stays on this device. */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || IPV4_LOOPBACK.matcher(h).matches()
                || IPV6_LOOPBACK.matcher(h).matches();
    }

    /** The host of {@code url}, or the whole text when it has none a URI parser finds. */
    static String of(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** Whether {@code url} uses TLS: {@code https} or {@code wss}. */
    static boolean tls(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("https:") || u.startsWith("wss:");
    }

    /** Whether {@code url} carries {@code user:password@} before its host. */
    static boolean userInfo(String url) {
        try {
            return URI.create(url).getRawUserInfo() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
