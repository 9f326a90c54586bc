package io.outpost.transfer;

import java.time.Instant;
import java.util.UUID;

/**
 * A transfer as stored: what goes where, and how far it got. {@code bytesDone} of a download is what its
 * file holds synced to disk; {@code validator} is the ETag or Last-Modified its resumes send as If-Range.
 */
public record Transfer(UUID id, String route, String path, Direction direction, TransferState state,
        String contentType, String sha256, long bytesDone, Long bytesTotal, String validator, int attempts,
        Integer lastStatus, String lastError, Instant createdAt, Instant finishedAt) {

    Transfer withState(TransferState newState, Instant now) {
        return new Transfer(id, route, path, direction, newState, contentType, sha256, bytesDone, bytesTotal, validator,
                attempts, lastStatus, lastError, createdAt, newState.finished() ? now : null);
    }

    Transfer withProgress(long done, Long total, String newValidator, String newContentType) {
        return new Transfer(id, route, path, direction, state, newContentType, sha256, done, total, newValidator,
                attempts, lastStatus, lastError, createdAt, finishedAt);
    }

    Transfer withAttempt(int newAttempts, Integer status, String error) {
        return new Transfer(id, route, path, direction, state, contentType, sha256, bytesDone, bytesTotal, validator,
                newAttempts, status, error, createdAt, finishedAt);
    }

    public enum Direction {
        UPLOAD, DOWNLOAD;

        public String wire() {
            return name().toLowerCase();
        }
    }
}
