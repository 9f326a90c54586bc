package io.outpost.outbox;

import static io.outpost.store.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** Column list and row mapping shared by the SQL paths that return message records. */
final class MessageRows {

    static final String COLUMNS = "seq, id, route, status, priority, ordering_key, attempts, accepted_at, "
            + "next_attempt_at, delivered_at, expires_at, last_status, last_error";

    private MessageRows() {
    }

    static MessageRecord record(Row row) {
        return new MessageRecord(
                row.getUUID("id"),
                row.getString("route"),
                MessageStatus.fromWire(row.getString("status")),
                row.getInteger("priority"),
                row.getString("ordering_key"),
                row.getInteger("attempts"),
                instant(row.getOffsetDateTime("accepted_at")),
                instant(row.getOffsetDateTime("next_attempt_at")),
                instant(row.getOffsetDateTime("delivered_at")),
                instant(row.getOffsetDateTime("expires_at")),
                row.getInteger("last_status"),
                row.getString("last_error"),
                row.getLong("seq"));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

}
