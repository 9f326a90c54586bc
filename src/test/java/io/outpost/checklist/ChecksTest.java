package io.outpost.checklist;

import static io.outpost.checklist.FactsBuilder.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.outpost.budget.Budget;

/**
 * Every check over a configuration that follows them all (all ok), then each one tripped by one change of the
 * configuration or of what was observed: that check, and only it, is flagged, with a detail naming the cause.
 */
class ChecksTest {

    private static final Instant TEN_MINUTES_AGO = NOW.minus(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private static RouteSeen seen(UnaryOperator<Seen> change) {
        return change.apply(new Seen()).build();
    }

    /** A mutable {@link RouteSeen} for the cases below; starts as nothing observed. */
    static final class Seen {
        Instant last429;
        Instant opened;
        String circuit = "closed";
        Instant largeBody;
        long waiting;
        long withoutTtl;
        long nearTtl;
        Duration shortestTtl;
        long dead;
        Budget.View budget;

        RouteSeen build() {
            return new RouteSeen(last429, opened, circuit, largeBody, waiting, withoutTtl, nearTtl, shortestTtl, dead,
                    budget);
        }
    }

    @Test
    void aHealthyConfigurationIsAllOk() {
        List<Item> items = Checks.run(FactsBuilder.healthy(dir).build());

        assertThat(items).hasSize(4 + 13 * 2);
        assertThat(items).allSatisfy(i -> assertThat(i.status()).as(i.id() + " " + i.route() + ": " + i.detail())
                .isEqualTo(Status.OK));
        assertThat(items.stream().map(Item::id).distinct()).hasSize(Checks.ALL.size());
        assertThat(items).allSatisfy(i -> assertThat(i.docs()).isEqualTo("src/docs/checklist.md#" + i.id()));
        assertThat(items.stream().filter(i -> i.route() == null)).extracting(Item::id)
                .containsExactly("api-token", "idle-checks", "stream-tls", "stream-heartbeat");
        assertThat(items.stream().filter(i -> "shop".equals(i.route()))).hasSize(13);
    }

    static Stream<Arguments> trips() {
        return Stream.of(
                config("api-token", null, Status.FAIL, "serves the API beyond this device without a token",
                        b -> b.with("outpost.api.token-file", null)),
                config("api-token", null, Status.WARN, "outpost.api.token is written in",
                        b -> b.with("outpost.api.token-file", null).with("outpost.api.token", "t0ken")),
                config("idle-checks", null, Status.WARN, "idle-check-interval=0",
                        b -> b.with("outpost.connectivity.idle-check-interval", "0s")),
                config("stream-tls", null, Status.FAIL, "outpost.streams.feed.url (push.example.com)",
                        b -> b.with("outpost.streams.feed.url", "ws://push.example.com/feed")),
                config("stream-heartbeat", null, Status.WARN, "heartbeat-interval=2m",
                        b -> b.with("outpost.streams.feed.heartbeat-interval", "2m")
                                .with("outpost.streams.feed.heartbeat-timeout", "4m")),
                config("route-tls", "shop", Status.FAIL, "plain http to api.example.com",
                        b -> b.with("outpost.routes.shop.url", "http://api.example.com/v1")),
                config("route-tls-verify", "shop", Status.FAIL, "tls.verify-host=false",
                        b -> b.with("outpost.routes.shop.tls.verify-host", "false")),
                config("route-credentials", "shop", Status.WARN, "auth.api-key.value is written in",
                        b -> b.with("outpost.routes.shop.auth.api-key.file", null)
                                .with("outpost.routes.shop.auth.api-key.value", "k3y")),
                config("route-credentials", "shop", Status.WARN, "auth.oauth2.client-secret is written in",
                        b -> b.with("outpost.routes.shop.auth.type", "oauth2")
                                .with("outpost.routes.shop.auth.oauth2.token-url", "https://idp.example.com/token")
                                .with("outpost.routes.shop.auth.oauth2.client-id", "device")
                                .with("outpost.routes.shop.auth.oauth2.client-secret", "s3cret")),
                config("route-credentials", "shop", Status.WARN, "headers.X-Api-Token is written in",
                        b -> b.with("outpost.routes.shop.headers.X-Api-Token", "t0ken")),
                config("route-credentials", "shop", Status.FAIL, "carries user:password@",
                        b -> b.with("outpost.routes.shop.url", "https://me:pw@api.example.com/v1")),
                config("route-timeout", "shop", Status.WARN, "timeout=2m is over 1m",
                        b -> b.with("outpost.routes.shop.timeout", "2m")),
                config("route-retries-bounded", "shop", Status.WARN, "3 waiting messages without a TTL",
                        b -> b.with("outpost.routes.shop.retry.max-attempts", "-1")
                                .seen("shop", seen(s -> {
                                    s.waiting = 3;
                                    s.withoutTtl = 3;
                                    return s;
                                }))),
                config("route-backoff", "shop", Status.WARN, "initial-delay=20ms",
                        b -> b.with("outpost.routes.shop.retry.initial-delay", "20ms")),
                config("route-backoff", "shop", Status.WARN, "max-delay=2s",
                        b -> b.with("outpost.routes.shop.retry.initial-delay", "200ms")
                                .with("outpost.routes.shop.retry.max-delay", "2s")),
                config("route-circuit-breaker", "shop", Status.WARN, "request-volume=2",
                        b -> b.with("outpost.routes.shop.circuit-breaker.request-volume", "2")),
                config("route-circuit-breaker", "shop", Status.WARN, "failure-ratio=1.0",
                        b -> b.with("outpost.routes.shop.circuit-breaker.failure-ratio", "1.0")),
                config("route-circuit-breaker", "shop", Status.WARN, "delay=1h",
                        b -> b.with("outpost.routes.shop.circuit-breaker.delay", "1h")),
                config("route-compression", "shop", Status.WARN, "went out uncompressed, the latest at "
                        + "2026-12-07T11:50:00Z (10m ago)", b -> b.with("outpost.routes.shop.compression", "none")
                                .seen("shop", seen(s -> {
                                    s.largeBody = TEN_MINUTES_AGO;
                                    return s;
                                }))),
                config("route-timeout", "shop", Status.FAIL, "timeout=5s is not shorter than the TTL of a "
                        + "waiting message (3s)", b -> b.seen("shop", seen(s -> {
                            s.waiting = 1;
                            s.shortestTtl = Duration.ofSeconds(3);
                            return s;
                        }))),
                config("route-rate-limit", "shop", Status.FAIL, "answered 429 Too Many Requests at "
                        + "2026-12-07T11:50:00Z (10m ago) and no outpost.routes.shop.rate-limit is set",
                        b -> b.with("outpost.routes.shop.rate-limit", null).seen("shop", seen(s -> {
                            s.last429 = TEN_MINUTES_AGO;
                            return s;
                        }))),
                config("route-rate-limit", "shop", Status.WARN, "despite rate-limit=20/1s",
                        b -> b.seen("shop", seen(s -> {
                            s.last429 = TEN_MINUTES_AGO;
                            return s;
                        }))),
                config("route-circuit", "shop", Status.FAIL, "the circuit is open, opened at 2026-12-07T11:50:00Z",
                        b -> b.seen("shop", seen(s -> {
                            s.circuit = "open";
                            s.opened = TEN_MINUTES_AGO;
                            return s;
                        }))),
                config("route-circuit", "shop", Status.WARN, "closed again, but opened at 2026-12-07T11:50:00Z",
                        b -> b.seen("shop", seen(s -> {
                            s.opened = TEN_MINUTES_AGO;
                            return s;
                        }))),
                config("route-ttl", "shop", Status.WARN, "2 waiting messages with less than a fifth of the TTL left",
                        b -> b.seen("shop", seen(s -> {
                            s.waiting = 5;
                            s.nearTtl = 2;
                            s.shortestTtl = Duration.ofHours(1);
                            return s;
                        }))),
                config("route-budget", "shop", Status.WARN, "85 MiB of 100 MiB spent this period (85%), resets at "
                        + "2026-12-08T00:00:00Z", b -> b.seen("shop", seen(s -> {
                            s.budget = budget(85);
                            return s;
                        }))),
                config("route-budget", "shop", Status.WARN, "100 MiB of 100 MiB spent this period: only priority 1 and "
                        + "more urgent messages are sent until 2026-12-08T00:00:00Z", b -> b.seen("shop", seen(s -> {
                            s.budget = budget(100);
                            return s;
                        }))),
                config("route-dead", "shop", Status.WARN, "1 dead message: read why in GET /v1/messages?route=shop"
                        + "&status=dead", b -> b.seen("shop", seen(s -> {
                            s.dead = 1;
                            return s;
                        }))));
    }

    /** A 100 MiB daily budget of which {@code mib} are spent. */
    private static Budget.View budget(long mib) {
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        return new Budget.View(100L << 20, mib << 20, Duration.ofDays(1), start, start.plus(Duration.ofDays(1)), 1);
    }

    private static Arguments config(String id, String route, Status status, String detail,
            UnaryOperator<FactsBuilder> change) {
        return Arguments.of(id + (route == null ? "" : " of " + route) + " " + status.wire() + ": " + detail, id, route,
                status, detail, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trips")
    void eachCheckIsFlaggedByWhatTripsIt(String name, String id, String route, Status status, String detail,
            UnaryOperator<FactsBuilder> change) {
        List<Item> items = Checks.run(change.apply(FactsBuilder.healthy(dir)).build());

        List<Item> flagged = items.stream().filter(i -> i.status() != Status.OK).toList();
        assertThat(flagged).as("flagged").hasSize(1);
        Item item = flagged.get(0);
        assertThat(item.id()).isEqualTo(id);
        assertThat(item.route()).isEqualTo(route);
        assertThat(item.status()).isEqualTo(status);
        assertThat(item.detail()).contains(detail);
    }

    @Test
    void oldObservationsNoLongerFlag() {
        Instant twoHoursAgo = NOW.minus(Duration.ofHours(2));
        List<Item> items = Checks.run(FactsBuilder.healthy(dir).with("outpost.routes.shop.rate-limit", null)
                .seen("shop", seen(s -> {
                    s.last429 = twoHoursAgo;
                    s.opened = twoHoursAgo;
                    return s;
                })).build());

        assertThat(items).allSatisfy(i -> assertThat(i.status()).as(i.id()).isEqualTo(Status.OK));
    }

    @Test
    void secretsFromTheEnvironmentAndPlainHttpToLoopbackAreOk() {
        List<Item> items = Checks.run(FactsBuilder.healthy(dir).with("outpost.routes.shop.auth.api-key.file", null)
                .withEnv("outpost.routes.shop.auth.api-key.value", "k3y")
                .with("outpost.api.token-file", null).listening("127.0.0.1").build());

        assertThat(items).allSatisfy(i -> assertThat(i.status()).as(i.id()).isEqualTo(Status.OK));
        assertThat(items).filteredOn(i -> i.id().equals("route-credentials") && "shop".equals(i.route()))
                .extracting(Item::detail).containsExactly("outpost.routes.shop.auth.api-key.value from the environment");
        assertThat(items).filteredOn(i -> i.id().equals("route-tls") && "local".equals(i.route()))
                .extracting(Item::detail).singleElement().asString().contains("stays on the device");
    }
}
