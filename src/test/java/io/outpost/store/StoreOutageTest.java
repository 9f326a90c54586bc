package io.outpost.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.outpost.testing.ShippedTimingsProfile;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.buffer.Buffer;

/** With the store down, accepts fail fast with 503, readiness goes DOWN and cached reads go on; all recover with it. */
@QuarkusTest
@TestProfile(ShippedTimingsProfile.class) // the shipped store deadline (the test profile lengthens it)
class StoreOutageTest {

    private static Response post() {
        return given().header("Authorization", "Bearer test-token").body("x").post("/v1/routes/orders/messages");
    }

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer test-token");
    }

    @Test
    void acceptAnswers503PromptlyWhileTheStoreIsDown() {
        EmbeddedStore store = StoreStartup.current();
        assertThat(store).as("the test profile runs the embedded store").isNotNull();
        post().then().statusCode(202);
        store.stop();
        try {
            long t0 = System.nanoTime();
            Response r = post();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            r.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2")
                    .body("status", equalTo(503));
            assertThat(millis).as("answer time in ms").isLessThan(2000);
            String id = "0193a6f0-0000-7000-8000-000000000001";
            for (Response read : List.of(authed().get("/v1/messages?limit=5"), authed().get("/v1/routes"),
                    authed().get("/v1/messages/" + id), authed().delete("/v1/messages/" + id),
                    authed().post("/v1/messages/" + id + "/retry"))) { // a refused connection is an outage too
                read.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2");
            }
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            store.restart();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> post().then().statusCode(202));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void apiReadsAnswer503PromptlyWhileTheStoreHangs() throws Exception {
        post().then().statusCode(202);
        // A stalled server: connections stay open, nothing answers. The postmaster stops first, so that it forks
        // no backend after the list of its children is taken (the pool may be opening one right then).
        ProcessHandle postmaster = StoreStartup.current().postmaster().orElseThrow();
        signal("STOP", List.of(postmaster));
        await().atMost(Duration.ofSeconds(5)).until(() -> stopped(postmaster));
        List<ProcessHandle> server = postgres();
        signal("STOP", server);
        try {
            String transfer = "/v1/transfers/0193a6f0-0000-7000-8000-000000000001";
            for (String path : List.of("/v1/messages?limit=5", "/v1/routes/orders", "/v1/routes", transfer,
                    transfer + "/events", transfer + "/content")) {
                long t0 = System.nanoTime();
                given().header("Authorization", "Bearer test-token").get(path).then().statusCode(503)
                        .contentType("application/problem+json").header("Retry-After", "2");
                assertThat((System.nanoTime() - t0) / 1_000_000).as(path + " answer time in ms").isLessThan(2500);
            }
            long t0 = System.nanoTime(); // an invalidation waits for the store's rows, so it is bounded too
            authed().delete("/v1/cache/cached/outage-known").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "2");
            assertThat((System.nanoTime() - t0) / 1_000_000).as("invalidation answer time in ms").isLessThan(2500);
        } finally {
            signal("CONT", server);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().header("Authorization", "Bearer test-token")
                .get("/v1/routes").then().statusCode(200));
    }

    @Test
    void aPostmasterThatDiesIsStartedAgain() {
        String id = authed().header("Idempotency-Key", "before-the-crash").body("x").post("/v1/routes/orders/messages")
                .then().statusCode(202).extract().path("id");
        ProcessHandle postmaster = StoreStartup.current().postmaster().orElseThrow();
        // as PostgreSQL itself ends after a crash recovery that cannot write (a full disk): gone for good
        postmaster.destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> !postmaster.isAlive());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> post().then().statusCode(202));
        authed().get("/v1/messages/" + id).then().statusCode(200).body("status", equalTo("queued"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The embedded PostgreSQL's postmaster and its children. */
    private static List<ProcessHandle> postgres() {
        return StoreStartup.current().postmaster().stream()
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants())).toList();
    }

    /** Whether the process is stopped by a signal (state T in /proc/{pid}/stat, after the command's name). */
    private static boolean stopped(ProcessHandle process) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
    }

    private static void signal(String name, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    @Test
    void cachedReadsGoOnWithoutTheStore() {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("cached", (r, n) -> Reply.status(200).withHeader("Cache-Control", "max-age=600")
                .withBody(Buffer.buffer("served " + r.path())));
        fetch("/outage-known").then().statusCode(200);
        EmbeddedStore store = StoreStartup.current();
        store.stop();
        try {
            fetch("/outage-known").then().statusCode(200).header("Outpost-Cache", "hit");
            long t0 = System.nanoTime();
            fetch("/outage-new").then().statusCode(200).header("Outpost-Cache", "miss")
                    .body(equalTo("served /cached/outage-new"));
            assertThat((System.nanoTime() - t0) / 1_000_000).as("answer time in ms").isLessThan(2000);
        } finally {
            store.restart();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> post().then().statusCode(202));
    }

    private static Response fetch(String path) {
        return given().header("Authorization", "Bearer test-token").get("/v1/routes/cached/fetch" + path);
    }
}
