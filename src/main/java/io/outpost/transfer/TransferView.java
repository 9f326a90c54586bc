package io.outpost.transfer;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A transfer as the API shows it: the contract's fields, plus where it goes and, once something went
 * wrong, the last status and error. Rate and ETA are null when unknown (not running, too early to tell).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TransferView(UUID id, String route, String path, String direction, String state, long bytesDone,
        Long bytesTotal, Long bytesPerSecond, Long etaSeconds, String sha256, Integer lastStatus, String lastError,
        Instant createdAt, Instant finishedAt) {

    /** A transfer as stored, not moving now. */
    public static TransferView of(Transfer t) {
        return of(t, t.bytesDone(), null);
    }

    static TransferView of(Transfer t, long bytesDone, Long rate) {
        boolean moving = t.state() == TransferState.RUNNING;
        Long shownRate = moving ? rate : null;
        return new TransferView(t.id(), t.route(), t.path(), t.direction().wire(), t.state().wire(), bytesDone,
                t.bytesTotal(), shownRate, moving ? RateMeter.etaSeconds(bytesDone, t.bytesTotal(), shownRate) : null,
                t.sha256(), t.lastStatus(), t.lastError(), t.createdAt(), t.finishedAt());
    }

    public boolean finished() {
        return "completed".equals(state) || "failed".equals(state);
    }
}
