package io.outpost.store;

import java.util.Optional;

import io.vertx.pgclient.PgException;

/** PostgreSQL's SQLSTATE of a failure: of the first server error in its causes, however it was wrapped. */
public final class SqlState {

    private SqlState() {
    }

    public static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return Optional.of(pg.getSqlState());
            }
        }
        return Optional.empty();
    }
}
