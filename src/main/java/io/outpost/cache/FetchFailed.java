package io.outpost.cache;

/**
 * A cached read that has nothing to answer with: the upstream could not be reached or failed and no
 * usable stored response exists (504), or the upstream's answer was too large to pass through (502).
 */
public final class FetchFailed extends RuntimeException {

    private final int status;

    FetchFailed(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
