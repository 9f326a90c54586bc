package io.outpost.api;

/** Route URLs as the API shows them: credentials in the authority part are replaced. */
final class RedactedUrl {

    private RedactedUrl() {
    }

    static String of(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1***@");
    }
}
