package io.outpost.upstream;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLException;

/**
 * Says in an operator's words why a TLS handshake failed, naming the setting to look at: the JDK's own
 * messages ("PKIX path building failed: ...") say what broke, not what to change. Pure.
 */
final class TlsFailures {

    private static final String PREFIX = "TLS handshake failed: ";

    private TlsFailures() {
    }

    /** The description of a TLS failure anywhere in the cause chain, or empty if it was none. */
    static Optional<String> describe(Throwable failure) {
        SSLException ssl = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (ssl == null && t instanceof SSLException s) {
                ssl = s;
            }
            root = t;
        }
        if (ssl == null) {
            return Optional.empty();
        }
        String said = String.valueOf(ssl.getMessage());
        String lower = said.toLowerCase(Locale.ROOT);
        String why;
        if (root instanceof CertificateExpiredException || lower.contains("certificate_expired")) {
            why = "a certificate has expired";
        } else if (root instanceof CertPathBuilderException || root instanceof CertPathValidatorException
                || lower.contains("pkix") || lower.contains("certification path")) {
            why = "the upstream's certificate is not signed by a CA the route trusts (tls.ca-file)";
        } else if (lower.contains("subject alternative") || lower.contains("no name matching")) {
            why = "the upstream's certificate does not name the host in the route's URL (tls.verify-host)";
        } else if (lower.contains("bad_certificate") || lower.contains("certificate_required")
                || lower.contains("unknown_ca") || lower.contains("certificate_unknown")) {
            why = "the upstream refused the agent's client certificate or wants one (tls.cert-file, tls.key-file)";
        } else {
            why = "no agreement with the upstream";
        }
        return Optional.of(PREFIX + why + " (" + said + ")");
    }
}
