package io.outpost.transfer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Agent;
import io.outpost.testing.TransferPeersResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

/** Refused requests: a problem+json 4xx that names the fields at fault, and nothing stored. */
@QuarkusTest
@WithTestResource(value = TransferPeersResource.class, scope = TestResourceScope.GLOBAL)
class TransferBadInputTest {

    @Inject
    Pool pool;

    private long rows() {
        return TransferCalls.rows(pool);
    }

    private static long spooled() throws IOException {
        return TransferCalls.spooled();
    }

    private static ValidatableResponse post(Object body) {
        return Agent.api().contentType("application/json").body(body).post("/v1/transfers").then()
                .contentType("application/problem+json");
    }

    @Test
    void badDownloadRequestsNameEveryFieldAtFaultAndStoreNothing() {
        long before = rows();
        post(Map.of("direction", "download")).statusCode(400).body("type", containsString("invalid-request"))
                .body("invalid-params.name", hasItems("route", "path"));
        post(Map.of("route", "files", "path", "/a.bin")).statusCode(400).body("invalid-params.name", hasItem("direction"));
        for (String path : new String[] { "/../../etc/passwd", "/a/%2E%2e/b", "./x", "/a/.", "/a/..?q=1",
                "/a/..%2f..%2fetc", "/x/%2e%2E%5Cy" }) {
            post(Map.of("route", "files", "path", path, "direction", "download")).statusCode(400)
                    .body("'invalid-params'.find { it.name == 'path' }.reason", containsString("segments"));
        }
        post(Map.of("route", "files", "path", "/a.bin", "direction", "upload")).statusCode(400)
                .body("'invalid-params'.find { it.name == 'direction' }.reason", containsString("PUT"));
        post(Map.of("route", "files", "path", "/a.bin", "sha256", "abc")).statusCode(400)
                .body("invalid-params.name", hasItem("sha256"));
        post(Map.of("route", "files", "path", "/a file.bin")).statusCode(400)
                .body("invalid-params.name", hasItem("path"));
        post(Map.of("route", "nowhere", "path", "/a.bin", "direction", "download")).statusCode(404)
                .body("type", containsString("unknown-route")).body("invalid-params.name", hasItem("route"));
        Agent.api().contentType("application/json").body("{\"route\":").post("/v1/transfers").then().statusCode(400)
                .contentType("application/problem+json");
        // fields of the wrong type, or no object at all: Quarkus' own mapper answered these with an empty 400
        for (String body : new String[] { "{\"route\":\"files\",\"path\":[],\"direction\":\"download\"}",
                "{\"route\":{},\"path\":\"/a\"}", "[]", "\"str\"" }) {
            Agent.api().contentType("application/json").body(body).post("/v1/transfers").then().statusCode(400)
                    .contentType("application/problem+json").body("type", containsString("invalid-json"));
        }
        Agent.api().contentType("application/json").body("{\"route\":\"files\",\"path\":[\"x\"],\"direction\":\"download\"}")
                .post("/v1/transfers").then().statusCode(400).body("invalid-params.name", hasItem("path"))
                .body("detail", containsString("at 'path'"));
        Agent.api().contentType("text/plain").body("{}").post("/v1/transfers").then().statusCode(415)
                .contentType("application/problem+json").body("detail", containsString("application/json"));
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void refusedUploadsLeaveNoSpoolFileAndNoRow() throws IOException {
        long before = rows();
        long files = spooled();
        Agent.api().body(new byte[1000]).put("/v1/routes/nowhere/uploads/a.bin").then().statusCode(404)
                .contentType("application/problem+json").body("type", containsString("unknown-route"));
        Agent.api().body(new byte[1000]).put("/v1/routes/files/uploads/").then().statusCode(400)
                .contentType("application/problem+json").body("invalid-params.name", hasItem("path"));
        Agent.api().urlEncodingEnabled(false).body(new byte[1000]).put("/v1/routes/files/uploads/a/..%2F..%2Fx")
                .then().statusCode(400).contentType("application/problem+json").body("invalid-params.name", hasItem("path"));
        Agent.api().body(new byte[17 * 1024 * 1024]).put("/v1/routes/files/uploads/big.bin").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("max-upload-size"));
        assertThat(rows()).isEqualTo(before);
        assertThat(spooled()).isEqualTo(files);
    }

    @Test
    void aChunkedBodyOverTheLimitIsAnsweredEvenWhenItArrivedWholeBeforeTheRefusal() throws Exception {
        long before = rows();
        long files = spooled();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] body = new byte[17 * 1024 * 1024];
        for (int i = 0; i < 3; i++) { // the body's last chunks and the refusal race; each try must be answered
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port
                    + "/v1/routes/files/uploads/chunked-" + i + ".bin")).header("Authorization", "Bearer test-token")
                    .timeout(Duration.ofSeconds(20))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("max-upload-size");
        }
        assertThat(rows()).isEqualTo(before);
        assertThat(spooled()).isEqualTo(files);
    }

    @Test
    void unknownTransfersAre404Everywhere() {
        for (String id : new String[] { "0b5bd3a2-5d0e-4c6e-9d7e-2a0f4a3f9d11", "not-an-id" }) {
            for (String tail : new String[] { "", "/events", "/content" }) {
                Agent.api().get("/v1/transfers/" + id + tail).then().statusCode(404)
                        .contentType("application/problem+json").body("type", containsString("unknown-transfer"));
            }
        }
    }

    @Test
    void everyTransferCallNeedsTheToken() {
        given().contentType("application/json").body(Map.of("route", "files", "path", "/a")).post("/v1/transfers")
                .then().statusCode(401);
        given().body(new byte[10]).put("/v1/routes/files/uploads/a.bin").then().statusCode(401);
        for (String tail : new String[] { "", "/events", "/content" }) {
            given().get("/v1/transfers/0b5bd3a2-5d0e-4c6e-9d7e-2a0f4a3f9d11" + tail).then().statusCode(401);
        }
    }
}
