package io.outpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver: Selenium Manager is never asked for a
 * driver or a browser (it would download them). Started with the flags that keep Chromium off the network
 * (its background connections would be refused here, many at a time) and a fresh profile, so no state of
 * another run leaks in. Where no Chromium is installed, the calling test is skipped, saying so.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(int width, int height) throws IOException {
        profile = Files.createTempDirectory("outpost-chromium-");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        setViewport(width, height);
    }

    /** A new browser whose page area is {@code width} x {@code height} CSS pixels; skips the test without Chromium. */
    public static Browser open(int width, int height) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Browser tests skipped: no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium "
                        + "chromium-driver)");
        try {
            return new Browser(width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the viewport (not the window, whose frame takes room too) exactly this size. */
    public void setViewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Map<?, ?> inner = (Map<?, ?>) driver.executeScript("return {w: window.innerWidth, h: window.innerHeight};");
        int dw = width - ((Number) inner.get("w")).intValue();
        int dh = height - ((Number) inner.get("h")).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new Dimension(width + dw, height + dh));
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void get(String url) {
        driver.get(url);
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * The text of the first element {@code css} selects, or null when there is none. Found and read in one
     * script: the page renders its cards again every second, and an element found first and read in a second
     * call can be replaced in between (StaleElementReferenceException, seen once in DashboardTest).
     */
    public String text(String css) {
        return (String) driver.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;", css);
    }

    public boolean shown(String css) {
        List<WebElement> found = all(css);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    /** What the page logged at SEVERE (errors, refused by the Content-Security-Policy) since the last call. */
    public List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind
        }
    }
}
