package io.outpost.stream;

import static io.outpost.testing.Agent.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.outpost.testing.ShapedPollPeer;
import io.outpost.testing.StreamPeersResource;
import io.outpost.testing.StreamPeersResource.Peers;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Long polling of servers shaped like common long-poll APIs, not Outpost's own (issue 25 item 3): the cursor
 * under the server's parameter name, a bare JSON array answered 204 when there is nothing, NDJSON answered
 * with an empty 200. Every event arrives once, in order, and "nothing yet" is no failure.
 */
@QuarkusTest
@WithTestResource(value = StreamPeersResource.class, scope = TestResourceScope.GLOBAL)
class LongPollShapesTest {

    private static final Logger LOG = Logger.getLogger(LongPollShapesTest.class);
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final Peers peers = StreamPeersResource.peers();

    private static JsonPath stream(String name) {
        return api().get("/v1/streams/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> dataAfter(String stream, long seq) {
        return api().queryParam("after", seq).queryParam("limit", 500).accept("application/json")
                .get("/v1/streams/" + stream + "/events").then().statusCode(200).extract().jsonPath()
                .getList("events.data");
    }

    /** Publishes 40 events in bursts of 1 to 9, each burst once the one before is stored. */
    private List<String> publishInBursts(String stream, ShapedPollPeer peer, long from) {
        List<String> sent = new ArrayList<>();
        int n = 0;
        for (int burst = 1; n < 40; burst = burst % 9 + 1) {
            for (int i = 0; i < burst && n < 40; i++) {
                String data = stream + "-" + (++n);
                sent.add(data);
                peer.publish(data);
            }
            int expected = sent.size();
            await().atMost(WITHIN).until(() -> dataAfter(stream, from).size() >= expected);
        }
        return sent;
    }

    @Test
    void aJsonArrayServerWithItsOwnCursorNameAnd204GetsEveryEventOnceInOrder() {
        await().atMost(WITHIN).until(() -> "connected".equals(stream("lp-array").getString("state")));
        await().atMost(WITHIN).until(() -> peers.array.emptyAnswers() >= 2); // held polls that ran out: 204
        long reconnects = stream("lp-array").getLong("reconnects");
        long t0 = System.nanoTime();
        List<String> sent = publishInBursts("lp-array", peers.array, 0);
        LOG.infof("MEASURE 40 events through a JSON-array long poll in bursts: %d ms",
                (System.nanoTime() - t0) / 1_000_000);

        List<String> stored = dataAfter("lp-array", 0);
        // no data member: the whole event object is the data
        assertThat(stored).containsExactlyElementsOf(IntStream.rangeClosed(1, 40)
                .mapToObj(i -> "{\"seq\":" + i + ",\"type\":\"tick\",\"payload\":\"" + sent.get(i - 1) + "\"}")
                .toList());
        assertThat(peers.array.queries()).allMatch(q -> !q.contains("cursor="));
        assertThat(peers.array.cursors()).contains("1", "40").as("the last event's seq is the next cursor");
        int empties = peers.array.emptyAnswers();
        await().atMost(WITHIN).until(() -> peers.array.emptyAnswers() >= empties + 2);
        assertThat(stream("lp-array").getLong("reconnects")).as("a 204 is 'poll again', not a failure")
                .isEqualTo(reconnects);
        assertThat(dataAfter("lp-array", 0)).hasSize(40);
    }

    @Test
    void anNdjsonServerWithAnEmpty200GetsEveryEventOnceInOrder() {
        await().atMost(WITHIN).until(() -> "connected".equals(stream("lp-ndjson").getString("state")));
        await().atMost(WITHIN).until(() -> peers.ndjson.emptyAnswers() >= 2);
        long reconnects = stream("lp-ndjson").getLong("reconnects");
        List<String> sent = publishInBursts("lp-ndjson", peers.ndjson, 0);

        assertThat(dataAfter("lp-ndjson", 0)).containsExactlyElementsOf(sent);
        List<String> ids = api().queryParam("after", 0).queryParam("limit", 500).accept("application/json")
                .get("/v1/streams/lp-ndjson/events").then().extract().jsonPath().getList("events.id");
        assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "n" + i).toList());
        assertThat(peers.ndjson.cursors()).contains("n40");
        int empties = peers.ndjson.emptyAnswers();
        await().atMost(WITHIN).until(() -> peers.ndjson.emptyAnswers() >= empties + 2);
        assertThat(stream("lp-ndjson").getLong("reconnects")).as("an empty 200 is 'poll again', not a failure")
                .isEqualTo(reconnects);
    }
}
