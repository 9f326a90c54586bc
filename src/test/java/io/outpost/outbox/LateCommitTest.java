package io.outpost.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.outpost.config.OutboxConfig.FullPolicy;
import io.outpost.outbox.AcceptOutcome.Unavailable;
import io.outpost.outbox.CapacityPlan.Limits;
import io.outpost.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * A commit that finishes after its callers were answered 503 (the store stalled, as an SD card can): the
 * message without an idempotency key is withdrawn, since its caller will send it again as a new one; the
 * one with a key stays, since the retry finds it. The stall is a lock on the usage row held by the test.
 */
class LateCommitTest {

    private static final TestDatabase db = TestDatabase.shared();
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private Vertx vertx;

    @BeforeEach
    void start() {
        db.reset();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static NewMessage message(String subpath, String key) {
        return new NewMessage("r", subpath, "POST", "text/plain", "late".getBytes(), 5, null, key, Optional.empty());
    }

    private static String status(String subpath) {
        var rows = db.sql("select status from outbox_message where subpath = $1", subpath);
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private GroupCommitter committer() {
        return new GroupCommitter(db.pool(), vertx, new AcceptTransaction(new Limits(1000, 1_000_000,
                FullPolicy.REJECT)), 512, TIMEOUT, Clock.systemUTC(), ids -> {
                });
    }

    /** Submits {@code m} while the usage row is locked, expects a 503, then lets the commit go on. */
    private void acceptDuringAStall(NewMessage m) throws Exception {
        GroupCommitter committer = committer();
        SqlConnection stall = db.pool().getConnection().await().atMost(Duration.ofSeconds(5));
        Transaction tx = stall.begin().await().atMost(Duration.ofSeconds(5));
        stall.query("select * from outbox_usage for update").execute().await().atMost(Duration.ofSeconds(5));
        CompletableFuture<AcceptOutcome> outcome = committer.submit(m);
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(Unavailable.class);
        // past twice the timeout the committer has moved on; the stalled transaction still waits, and
        // nothing of it is visible all that while
        await().during(TIMEOUT.multipliedBy(3)).atMost(TIMEOUT.multipliedBy(3).plusSeconds(5)).untilAsserted(() ->
                assertThat(status(m.subpath())).as("nothing visible while the commit waits").isNull());
        tx.rollback().await().atMost(Duration.ofSeconds(5)); // the store comes back; the stalled commit goes on
        stall.close().await().atMost(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(m.subpath()) != null);
    }

    @Test
    void aMessageWithoutIdempotencyKeyThatCommitsAfterA503IsWithdrawn() throws Exception {
        acceptDuringAStall(message("/keyless", null));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status("/keyless")).isEqualTo("cancelled"));
        var row = db.sql("select body is null, last_error from outbox_message where subpath = '/keyless'")
                .iterator().next();
        assertThat(row.getBoolean(0)).as("body dropped").isTrue();
        assertThat(row.getString(1)).contains("answered 503");
        var usage = db.sql("select messages, bytes from outbox_usage").iterator().next();
        assertThat(usage.getLong(0)).as("the outbox holds nothing").isZero();
        assertThat(usage.getLong(1)).isZero();
    }

    @Test
    void aMessageWithAnIdempotencyKeyThatCommitsAfterA503StaysForTheRetryToFind() throws Exception {
        acceptDuringAStall(message("/keyed", "k-1"));
        GroupCommitter committer = committer();
        AcceptOutcome retry = committer.submit(message("/keyed", "k-1")).get(5, TimeUnit.SECONDS);
        assertThat(retry).isInstanceOf(AcceptOutcome.Duplicate.class);
        assertThat(status("/keyed")).isEqualTo("queued");
        assertThat(db.sql("select messages from outbox_usage").iterator().next().getLong(0)).isEqualTo(1);
    }
}
