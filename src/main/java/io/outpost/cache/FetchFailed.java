package io.outpost.cache;

import java.util.Optional;

import io.outpost.upstream.NoAnswer;

/**
 * A cached read that has nothing to answer with: the upstream could not be reached and no usable stored
 * response exists (504, and {@link #noAnswer} says why), or the upstream's answer was too large to pass
 * through (502).
 */
public final class FetchFailed extends RuntimeException {

    private final int status;
    private final transient NoAnswer noAnswer;

    FetchFailed(int status, String detail) {
        this(status, detail, null);
    }

    FetchFailed(int status, String detail, NoAnswer noAnswer) {
        super(detail, null, false, false);
        this.status = status;
        this.noAnswer = noAnswer;
    }

    public int status() {
        return status;
    }

    /** Why the upstream gave no answer; empty when it did (too large) or was not asked (only-if-cached). */
    public Optional<NoAnswer> noAnswer() {
        return Optional.ofNullable(noAnswer);
    }
}
