package io.outpost.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.outpost.testing.Agent;
import io.outpost.testing.AgentWideProfile;
import io.outpost.testing.TransferPeersResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A disk without room for an upload: the spool keeps more free space than the file system has, so every
 * upload is refused with 507, whether it declared its length or not, and leaves no file and no row (the
 * setting comes with {@link AgentWideProfile}).
 */
@QuarkusTest
@WithTestResource(value = TransferPeersResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(AgentWideProfile.class)
class UploadNoRoomTest {

    @Inject
    Pool pool;

    @Test
    void uploadsAreRefusedWith507AndLeaveNothing() throws Exception {
        long rows = TransferCalls.rows(pool);
        long files = TransferCalls.spooled();

        Agent.api().body(new byte[4096]).put("/v1/routes/files/uploads/declared.bin").then().statusCode(507)
                .contentType("application/problem+json").body("type", containsString("insufficient-storage"))
                .body("detail", containsString("min-free-space"));

        HttpResponse<String> chunked = putChunked("/v1/routes/files/uploads/chunked.bin", new byte[256 * 1024]);
        assertThat(chunked.statusCode()).isEqualTo(507);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(chunked.body()).contains("min-free-space");

        assertThat(TransferCalls.rows(pool)).isEqualTo(rows);
        assertThat(TransferCalls.spooled()).isEqualTo(files);
    }

    /** A body of unknown length (chunked), so it can only be refused while it arrives. */
    private static HttpResponse<String> putChunked(String path, byte[] body) throws IOException, InterruptedException {
        int port = RestAssured.port;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer test-token")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
                HttpResponse.BodyHandlers.ofString());
    }
}
