package uk.schoolaccess.auditor.dashboard.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.javalin.Javalin;
import uk.schoolaccess.auditor.dashboard.web.auth.Sessions;

/**
 * Headless Chromium from Debian's packages (chromium, chromium-driver), driven by Selenium, on a
 * real dashboard listening on a random port of 127.0.0.1. The driver and browser are given by
 * path, so Selenium Manager never downloads anything. Where they are not installed (a
 * developer's own machine without root), the browser tests are skipped with a message;
 * .ci/run installs them, so in CI they run.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("auditor.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("auditor.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    final Javalin app;
    final String origin;

    private Browser(ChromeDriver driver, Javalin app) {
        this.driver = driver;
        this.app = app;
        this.origin = "http://127.0.0.1:" + app.port();
    }

    /** Skips the calling test, with a message saying how to install them, when there is no browser. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing. Install Debian's "
                        + "packages with: apt-get install -y chromium chromium-driver (as .ci/run does).");
    }

    /** Starts the dashboard and a headless browser, or skips the test when there is no browser. */
    static Browser start(WebServer server, String name) throws IOException {
        assumeInstalled();
        Path profile = Path.of("target", "chrome-profiles", name);
        deleteTree(profile);
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        Javalin app = server.create().start("127.0.0.1", 0);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, app);
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
    }

    void open(String path) {
        driver.get(origin + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the browser is on a page whose path is this one (a click navigates later). */
    void waitForPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> path.equals(path()) && loaded());
    }

    /** Waits until the browser is on a page whose path starts so. */
    void waitForPathStarting(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> path().startsWith(prefix) && loaded());
    }

    private boolean loaded() {
        return "complete".equals(driver.executeScript("return document.readyState"));
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Signs in through the form, as a person would. */
    void signIn(String user) {
        open("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(TestSchool.PASSWORD);
        find("#signin").click();
        // bcrypt on a busy shared machine can take many seconds per sign-in
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> "/".equals(path()) && loaded());
        waitFor("header nav");
    }

    /** Saves a screenshot of the whole window to target/screenshots/NAME.png. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path out = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** Fetches a URL of the dashboard with the browser's own session cookie (for downloads). */
    HttpResponse<String> fetch(String pathAndQuery) throws IOException, InterruptedException {
        Cookie session = driver.manage().getCookieNamed(Sessions.COOKIE);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
                : origin + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
        if (session != null) {
            req.header("Cookie", Sessions.COOKIE + "=" + session.getValue());
        }
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Fetches a URL with no session at all. */
    static HttpResponse<String> anonymous(String url) throws IOException, InterruptedException {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            app.stop();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
