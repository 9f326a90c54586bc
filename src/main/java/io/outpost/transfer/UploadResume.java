package io.outpost.transfer;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.outpost.upstream.Classifier;
import io.outpost.upstream.Outcome;
import io.outpost.upstream.UpstreamResponse;

/**
 * Where an interrupted upload goes on, decided from the upstream's answer to a status query: a {@code PUT}
 * with no body and {@code Content-Range: bytes *}{@code /<total>}, the resumable-upload convention built on
 * HTTP ranges (Google Cloud Storage's, among others). {@code 308} with {@code Range: bytes=0-N}: the upstream
 * holds the first N+1 bytes and the rest follows with {@code Content-Range: bytes N+1-<last>/<total>}; {@code 308}
 * without a Range: it holds nothing yet. A retryable failure (408, 425, 429, 5xx but 501) is the attempt's
 * failure. Any other answer means the upstream does not take partial PUTs (RFC 9110 tells such a server to
 * refuse a PUT with a Content-Range with 400; some take it as an empty body and answer 2xx): the whole body
 * goes again as a plain PUT, and no later attempt asks again. Pure.
 */
final class UploadResume {

    /** "Resume Incomplete": the upstream holds part of the body and waits for the rest. */
    static final int INCOMPLETE = 308;
    private static final Pattern HELD = Pattern.compile("bytes=0-(\\d{1,18})");

    private UploadResume() {
    }

    /** What the next attempt sends. */
    sealed interface Decision {
    }

    /** The bytes from {@code from} on, with a Content-Range. */
    record Resume(long from) implements Decision {
    }

    /** The whole body as a plain PUT; the upstream does not resume. */
    record Whole() implements Decision {
    }

    /** The query itself failed in a way worth another attempt. */
    record Failed(Outcome outcome) implements Decision {
    }

    /** The query's Content-Range. */
    static String query(long total) {
        return "bytes */" + total;
    }

    /** The Content-Range of a body sent from {@code from}. */
    static String range(long from, long total) {
        return "bytes " + from + "-" + (total - 1) + "/" + total;
    }

    static Decision after(UpstreamResponse answer, long total, Instant now) {
        int status = answer.status();
        if (status == INCOMPLETE) {
            String held = answer.header("Range");
            if (held == null) {
                return new Resume(0);
            }
            Matcher m = HELD.matcher(held.trim());
            if (!m.matches()) {
                return new Resume(0); // unreadable: sending all of it, as a range, is right whatever it holds
            }
            long from = Long.parseLong(m.group(1)) + 1;
            // Holding all of it without having finished is not a state the convention has: start over.
            return from < total ? new Resume(from) : new Whole();
        }
        if (Classifier.retryable(status) && status != 501) {
            return new Failed(Classifier.classify(answer, now));
        }
        return new Whole();
    }

    /** What the answer to a resumed PUT means: 308 says bytes are still missing, so it is tried again. */
    static Outcome sent(UpstreamResponse answer, long total, Instant now) {
        if (answer.status() == INCOMPLETE) {
            return new Outcome.Retry(INCOMPLETE, "HTTP 308: the upstream still misses part of the " + total
                    + " bytes" + (answer.header("Range") == null ? "" : " (it holds " + answer.header("Range") + ")"),
                    Optional.empty(), true);
        }
        return Classifier.classify(answer, now);
    }
}
