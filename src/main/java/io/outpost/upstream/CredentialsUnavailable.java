package io.outpost.upstream;

/**
 * The route's credentials could not be had (token endpoint down or refusing, key file unreadable), so the
 * upstream was never contacted. The attempt counts, so a broken setup backs off and ends in the dead
 * letters instead of spinning; but it says nothing about the link to the upstream.
 */
public class CredentialsUnavailable extends RuntimeException {

    public CredentialsUnavailable(Throwable cause) {
        super("credentials unavailable: " + Classifier.describe(cause), null, false, false);
    }
}
