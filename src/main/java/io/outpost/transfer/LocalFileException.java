package io.outpost.transfer;

/** The agent's own disk failed a transfer (full, read-only, gone): not the upstream's fault, not retried. */
final class LocalFileException extends RuntimeException {

    LocalFileException(String message, Throwable cause) {
        super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }

    /** The local file error somewhere in {@code t}'s causes, or null. */
    static LocalFileException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LocalFileException l) {
                return l;
            }
        }
        return null;
    }
}
