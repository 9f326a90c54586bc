package io.outpost.dashboard;

import static io.outpost.testing.Agent.accept;
import static io.outpost.testing.Agent.api;
import static io.outpost.testing.Agent.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import io.outpost.testing.Browser;
import io.outpost.testing.RequestLog;
import io.outpost.testing.TestUpstream;
import io.outpost.testing.TestUpstream.Reply;
import io.outpost.testing.TransferPeersResource;
import io.outpost.testing.UpstreamResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The dashboard in real headless Chromium against the agent of this boot (its token set, as in every test
 * boot) and real loopback upstreams: what the operator sees is what the API says, it changes without a
 * reload, its buttons act through the API, and the token stays out of URLs.
 */
@QuarkusTest
@WithTestResource(value = UpstreamResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TransferPeersResource.class, scope = TestResourceScope.GLOBAL)
class DashboardTest {

    private static final String TOKEN = "test-token";
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static Browser browser;

    @TestHTTPResource("/ui/")
    URL ui;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open(1440, 900);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens the page in the shared browser, signs in if it asks, and waits for the first route cards. */
    private void signedIn() {
        browser.get(ui.toString());
        await().atMost(WITHIN).ignoreExceptions().until(() -> browser.shown("#login") || browser.shown("#dashboard"));
        if (browser.shown("#login")) {
            browser.one("#token").sendKeys(TOKEN, Keys.ENTER); // the keyboard alone signs in
        }
        await().atMost(WITHIN).ignoreExceptions().until(() -> browser.shown("#dashboard")
                && !browser.all("[data-route]").isEmpty());
    }

    private static String card(String route, String field) {
        return browser.text("[data-route=\"" + route + "\"] [data-field=\"" + field + "\"]");
    }

    @Test
    void theRootRedirectsToTheDashboardWhoseFilesAreOpenCarryNoDataAndForbidFramingAndInlineScript() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", "/ui/");
        given().redirects().follow(false).get("/ui").then().statusCode(302).header("Location", "/ui/");
        String page = given().get("/ui/").then().statusCode(200).contentType(ContentType.HTML)
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                        + "frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY")
                .extract().asString();
        assertThat(page).contains("id=\"login\"").doesNotContain("orders").doesNotContain("<script>")
                .doesNotContain("style=");
        for (String file : List.of("app.css", "js/main.js", "js/api.js", "js/sse.js", "js/model.js", "js/view.js",
                "js/chart.js")) {
            given().get("/ui/" + file).then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                    .header("Content-Type", file.endsWith(".js") ? org.hamcrest.Matchers.containsString("javascript")
                            : org.hamcrest.Matchers.containsString("text/css"));
        }
        given().get("/v1/routes").then().statusCode(401); // the data is not open
    }

    @Test
    void theTransfersListRefusesALimitItCannotServe() {
        for (String limit : List.of("0", "501", "ten")) {
            api().get("/v1/transfers?limit=" + limit).then().statusCode(400).contentType("application/problem+json")
                    .body("invalid-params[0].name", org.hamcrest.Matchers.equalTo("limit"));
        }
        api().get("/v1/transfers?limit=1").then().statusCode(200).body("items.size()",
                org.hamcrest.Matchers.lessThanOrEqualTo(1));
    }

    @Test
    void withATokenOnlyTheLoginShowsUntilItIsEnteredAndNoRequestCarriesItInAUrl() {
        browser.get("about:blank"); // the shared browser's page would otherwise go on calling the API meanwhile
        RequestLog.start();
        try (Browser fresh = Browser.open(1024, 600)) {
            fresh.get(ui.toString());
            await().atMost(WITHIN).ignoreExceptions().until(() -> fresh.shown("#login"));
            assertThat(fresh.shown("#dashboard")).isFalse();
            assertThat(fresh.all("[data-route]")).as("no route data before sign-in").isEmpty();
            assertThat(fresh.one("body").getText()).doesNotContain("orders").doesNotContain("telemetry");

            fresh.one("#token").sendKeys("not-the-token", Keys.ENTER);
            await().atMost(WITHIN).until(() -> fresh.text("#login-error").contains("does not accept"));
            assertThat(fresh.shown("#dashboard")).isFalse();

            fresh.one("#token").clear();
            fresh.one("#token").sendKeys(TOKEN, Keys.ENTER);
            await().atMost(WITHIN).ignoreExceptions().until(() -> fresh.shown("#dashboard")
                    && fresh.text("[data-route=\"orders\"] h3") != null);
            assertThat(fresh.shown("#login")).isFalse();
            @SuppressWarnings("unchecked")
            Map<String, Object> storage = (Map<String, Object>) fresh.driver().executeScript("return {s: sessionStorage.getItem("
                    + "'outpost.token'), l: localStorage.length, c: document.cookie};");
            assertThat(storage).containsEntry("s", TOKEN).containsEntry("l", 0L).containsEntry("c", "");
            // the streams, the routes' refresh, the dead list and the transfers all run for a moment
            await().atMost(WITHIN).until(() -> RequestLog.seen().stream().filter(s -> isChromium(s)
                    && s.uri().startsWith("/v1/") && (s.uri().contains("events") || s.uri().contains("status=dead")))
                    .count() >= 3);
            assertThat(fresh.errors().stream().filter(e -> !e.contains("Failed to load resource")))
                    .as("nothing refused by the Content-Security-Policy, no script error").isEmpty();
        }
        List<RequestLog.Seen> browserCalls = RequestLog.stop().stream().filter(DashboardTest::isChromium).toList();
        assertThat(browserCalls).extracting(RequestLog.Seen::uri).contains("/ui/", "/ui/js/main.js")
                .noneMatch(uri -> uri.contains(TOKEN));
        List<RequestLog.Seen> apiCalls = browserCalls.stream().filter(s -> s.uri().startsWith("/v1/")).toList();
        // before the sign-in: one look without a token (401), one with the wrong one; after it, the token always
        assertThat(apiCalls.get(0).authorization()).isNull();
        assertThat(apiCalls.get(1).authorization()).isEqualTo("Bearer not-the-token");
        assertThat(apiCalls.subList(2, apiCalls.size())).as("every API call after the sign-in").hasSizeGreaterThan(3)
                .allMatch(s -> ("Bearer " + TOKEN).equals(s.authorization()));
    }

    private static boolean isChromium(RequestLog.Seen s) {
        return s.userAgent() != null && s.userAgent().contains("Chrome");
    }

    @Test
    void twoRoutesShowTheirTrueCounts() {
        for (int i = 0; i < 3; i++) {
            accept("orders", "{\"n\":" + i + "}");
        }
        for (int i = 0; i < 2; i++) {
            accept("telemetry", "{\"t\":" + i + "}");
        }
        signedIn();
        for (String route : List.of("orders", "telemetry")) {
            await().atMost(WITHIN).ignoreExceptions().untilAsserted(() -> {
                var api = api().get("/v1/routes/" + route).then().statusCode(200).extract().jsonPath();
                assertThat(card(route, "queued")).isEqualTo(api.getString("queued"));
                assertThat(card(route, "delivering")).isEqualTo(api.getString("delivering"));
                assertThat(card(route, "dead")).isEqualTo(api.getString("dead"));
            });
        }
        assertThat(Integer.parseInt(card("orders", "queued"))).isGreaterThanOrEqualTo(3);
        assertThat(Integer.parseInt(card("telemetry", "queued"))).isGreaterThanOrEqualTo(2);
        assertThat(card("orders", "oldest")).matches("\\d+ (s|min)");
        assertThat(card("orders", "reachable")).isIn("Reachable", "Unreachable");
    }

    @Test
    void anUpstreamGoingDownTurnsItsCardUnreachableWithinTwoSecondsWithoutAReload() {
        TestUpstream.Switchable link = TestUpstream.switchable("dash-link");
        link.up();
        try {
            awaitStatus(accept("dash-link", "up"), "delivered", WITHIN);
            signedIn();
            await().atMost(WITHIN).ignoreExceptions().until(() -> "Reachable".equals(card("dash-link", "reachable")));
            browser.driver().executeScript("window.notReloaded = true;");

            link.down();
            accept("dash-link", "down"); // its attempt meets a closed port
            // The two seconds are the dashboard's: from the agent knowing the link is down to the card showing
            // it. How soon the agent itself knows (failed attempts, probes) is the connectivity tests' matter;
            // counted in here, a loaded machine (load 30) took it past two seconds without the page being late.
            await().atMost(WITHIN).until(() -> Boolean.FALSE.equals(
                    api().get("/v1/network").then().extract().path("routes.dash-link.reachable")));
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> "Unreachable".equals(card("dash-link", "reachable")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("dash-link shown unreachable %d ms after the agent saw it down%n", millis);
            assertThat(browser.driver().executeScript("return window.notReloaded === true;")).isEqualTo(true);
            assertThat(browser.one("[data-route=\"dash-link\"]").getAttribute("data-reachable")).isEqualTo("false");
        } finally {
            link.up();
        }
    }

    @Test
    void aDeadMessagesRetryButtonPutsItBackInTheQueueAndItIsDelivered() {
        TestUpstream upstream = TestUpstream.shared();
        upstream.behave("dash-dead", (r, n) -> n == 1 ? Reply.status(422).withBody(io.vertx.core.buffer.Buffer
                .buffer("{\"error\":\"unknown sensor\"}")) : Reply.status(204));
        String id = accept("dash-dead", "{\"sensor\":\"x\"}");
        awaitStatus(id, "dead", WITHIN);
        signedIn();
        String row = "[data-message=\"" + id + "\"]";
        await().atMost(WITHIN).ignoreExceptions().until(() -> browser.shown(row));
        assertThat(browser.text(row)).contains("dash-dead").contains("422").contains("unknown sensor");

        browser.one(row + " button[data-action=\"retry\"]").sendKeys(Keys.ENTER); // the keyboard's press
        awaitStatus(id, "delivered", WITHIN);
        assertThat(upstream.requests("dash-dead")).hasSize(2);
        await().atMost(WITHIN).ignoreExceptions().until(() -> browser.all(row).isEmpty());
    }

    @Test
    void aTransfersProgressBarMovesAndEndsAtOneHundredPercent() {
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(24).nextBytes(bytes);
        TransferPeersResource.peers().files.serve("/files/dashboard.bin", bytes).slow(500_000);
        signedIn();
        String id = api().contentType(ContentType.JSON).body("{\"route\":\"files\",\"path\":\"/files/dashboard.bin\","
                + "\"direction\":\"download\"}").post("/v1/transfers").then().statusCode(202).extract().path("id");
        String bar = "[data-transfer=\"" + id + "\"] progress";
        Set<Integer> seen = new ConcurrentSkipListSet<>();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            String value = browser.one(bar).getAttribute("value");
            if (value != null) {
                seen.add((int) Double.parseDouble(value));
            }
            return "completed".equals(browser.one("[data-transfer=\"" + id + "\"]").getAttribute("data-state"));
        });
        assertThat(browser.one(bar).getAttribute("value")).isIn("100", "100.0");
        assertThat(browser.text("[data-transfer=\"" + id + "\"] [data-field=\"percent\"]")).startsWith("100%");
        assertThat(seen).as("progress values shown on the way").anyMatch(v -> v > 0 && v < 100);
    }

    @Test
    void aSevenInchScreenNeedsNoSidewaysScrolling() {
        signedIn();
        try {
            browser.setViewport(1024, 600);
            await().atMost(WITHIN).until(() -> (Boolean) browser.driver().executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;"));
        } finally {
            browser.setViewport(1440, 900);
        }
    }
}
