package io.outpost.dashboard;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.outpost.testing.Browser;

/**
 * Takes the documentation's screenshots (src/docs/images) of a running agent, desktop and 7-inch; not a
 * test of its own, so it runs only when asked: {@code src/docs/images/screenshots.sh} starts a small agent
 * with traffic and runs this with {@code -Dscreenshots.url=http://127.0.0.1:<port>/}.
 */
@EnabledIfSystemProperty(named = "screenshots.url", matches = "http.+")
class DashboardScreenshots {

    @Test
    void desktopAndSevenInch() throws Exception {
        String url = System.getProperty("screenshots.url");
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        long settle = Long.getLong("screenshots.settle-seconds", 60);
        try (Browser browser = Browser.open(1440, 900)) {
            browser.get(url);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> browser.shown("#dashboard")
                    && !browser.all("[data-route]").isEmpty());
            // the chart is made of what the page saw since it opened: let it fill for a while
            await().pollDelay(Duration.ofSeconds(settle)).atMost(Duration.ofSeconds(settle + 5)).until(() -> true);
            browser.screenshot(dir.resolve("dashboard-desktop.png"));
            // the whole page, transfers and streams included, as a tall desktop window shows it
            long height = (Long) browser.driver().executeScript("return document.documentElement.scrollHeight;");
            browser.setViewport(1440, (int) height);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            browser.screenshot(dir.resolve("dashboard-full.png"));
            browser.setViewport(1024, 600);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            browser.screenshot(dir.resolve("dashboard-7inch.png"));
        }
    }
}
