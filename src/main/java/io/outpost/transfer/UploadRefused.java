package io.outpost.transfer;

/** An upload body that was not stored: too large (413) or the disk failed it (507). Its file is gone. */
public final class UploadRefused extends RuntimeException {

    private final int status;

    UploadRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
