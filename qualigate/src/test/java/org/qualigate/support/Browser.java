package org.qualigate.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through Debian's chromedriver, for the admin UI's browser tests: sign
 * in, open pages, fill and submit forms, wait for htmx swaps, take screenshots to
 * {@code target/screenshots/} and download files with the browser's session. Never downloads a browser or a
 * driver; HOME and the XDG folders live under {@code target/} so nothing leaks into the user's profile.
 */
public final class Browser implements AutoCloseable {

    /** The system property that opts out of the browser tests: {@code -Dqualigate.browser-tests=skip}. */
    public static final String OPT_OUT = "qualigate.browser-tests";

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    /**
     * How long a page, a swap or the next page may take: generous, because the machine running the tests may be
     * loaded; a wait ends as soon as what it waits for is there.
     */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Whether this machine has the two Debian packages the browser tests need. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Decides, before a browser test class starts ({@code @ExtendWith(Browser.Required.class)}), whether it
     * runs. Without Chromium the class fails, saying how to install it: a browser test never passes by not
     * running. Only the explicit opt-out {@code -Dqualigate.browser-tests=skip} skips it — each test then reads
     * as skipped with that reason in the report, the build's evidence step names the class, and the
     * traceability matrix shows its requirements as not run, never passed.
     */
    public static final class Required implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            ConditionEvaluationResult result = decide(System.getProperty(OPT_OUT, "run"), available());
            if (result.isDisabled()) {
                System.err.println("!!! Browser tests SKIPPED on request (-D" + OPT_OUT + "=skip): "
                        + context.getDisplayName() + " does not test the admin UI in a browser in this build.");
            }
            return result;
        }

        /** Runs, skips on explicit request, or fails naming the packages to install. */
        static ConditionEvaluationResult decide(String choice, boolean installed) {
            if (choice.equals("skip")) {
                return ConditionEvaluationResult.disabled("browser tests skipped on request (-D" + OPT_OUT + "=skip)");
            }
            if (!choice.equals("run")) {
                throw new IllegalStateException(
                        "-D" + OPT_OUT + " takes 'run' (the default) or 'skip', not '" + choice + "'");
            }
            if (!installed) {
                throw new IllegalStateException("The admin UI's browser tests need Debian's Chromium and its driver "
                        + "at " + CHROMIUM + " and " + CHROMEDRIVER + ": install them with 'apt-get install chromium "
                        + "chromium-driver' (or skip these tests explicitly with -D" + OPT_OUT + "=skip; their "
                        + "requirements then show as not run in the traceability matrix).");
            }
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
    }

    /** A fresh browser (own profile) for the service on the port. */
    public static Browser start(int port) {
        try {
            Path home = Files.createDirectories(TARGET.resolve("browser-home"));
            Path profile = Files.createTempDirectory(TARGET, "chromium-profile-");
            Files.createDirectories(SCREENSHOTS);
            Map<String, String> env = Map.of(
                    "HOME", home.toString(),
                    "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                    "XDG_CACHE_HOME", home.resolve(".cache").toString(),
                    "XDG_DATA_HOME", home.resolve(".local/share").toString());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withEnvironment(env)
                    .withLogFile(TARGET.resolve("chromedriver.log").toFile())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(new File(CHROMIUM.toString()));
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,1000",
                    "--user-data-dir=" + profile);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            return new Browser(driver, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    /** Signs in through the log-in form (signing out first if someone is signed in). */
    public Browser signIn(String user, String password) {
        driver.manage().deleteAllCookies();
        open("/login");
        type("#username", user);
        type("#password", password);
        return submit("form.stack button[type=submit]");
    }

    /** Clicks a link and waits until the page it leads to has replaced this one. */
    public Browser follow(String css) {
        return submit(css);
    }

    /** Clicks a button that submits a form and waits until the next page has replaced this one. */
    public Browser submit(String css) {
        return follow(waitFor(css));
    }

    /**
     * Clicks a link or button found otherwise than by a selector (by its text, within a row) and waits until the page
     * it leads to has replaced this one.
     */
    public Browser follow(WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, WAIT).until(d -> replaced(html));
        return this;
    }

    /**
     * The page the element belonged to is gone. Mid-navigation Chrome may answer a check on it not as a stale
     * element but as "node … does not belong to the document", which means the same.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    public WebElement find(String css) {
        return waitFor(css);
    }

    public String text(String css) {
        return waitFor(css).getText();
    }

    public boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    public Browser type(String css, String text) {
        WebElement e = waitFor(css);
        e.clear();
        e.sendKeys(text);
        return this;
    }

    public Browser click(String css) {
        waitFor(css).click();
        return this;
    }

    /** Waits until an element matching the selector is on the page (an htmx swap, a new page). */
    public WebElement waitFor(String css) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the element's text contains the text. */
    public Browser waitForText(String css, String text) {
        new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return this;
    }

    public String currentPath() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Saves the whole page as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, screenshotBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Chromium aborts a capture when the page navigates or swaps content meanwhile (an htmx poll, a redirect
     * after a form); the picture is an illustration of the state the test already asserted, so it is taken
     * again once the document has settled rather than failing the journey.
     */
    private byte[] screenshotBytes() {
        org.openqa.selenium.WebDriverException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return driver.getScreenshotAs(OutputType.BYTES);
            } catch (org.openqa.selenium.WebDriverException e) {
                last = e;
                new WebDriverWait(driver, WAIT)
                        .until(d -> "complete".equals(driver.executeScript("return document.readyState")));
            }
        }
        throw last;
    }

    /**
     * Fetches a link's target with the browser's session cookie, as a click on a download link would, and
     * answers the response (the browser itself would save it where a test cannot wait for it reliably).
     */
    public HttpResponse<byte[]> download(String href) {
        String cookies = cookies();
        URI uri = href.startsWith("http") ? URI.create(href) : URI.create(base + href);
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .header("cookie", cookies)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Submits a POST form as the browser would (its fields, the CSRF token among them, with the session cookie) and
     * answers the response, for a form whose answer is a file the browser would save.
     */
    public HttpResponse<byte[]> postForm(String formCss) {
        WebElement form = waitFor(formCss);
        String body = form.findElements(By.cssSelector("input[name]")).stream()
                .map(i -> java.net.URLEncoder.encode(i.getAttribute("name"), java.nio.charset.StandardCharsets.UTF_8)
                        + "="
                        + java.net.URLEncoder.encode(
                                i.getAttribute("value") == null ? "" : i.getAttribute("value"),
                                java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String cookies = cookies();
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(form.getAttribute("action")))
                            .header("cookie", cookies)
                            .header("content-type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sets a form field's value directly (date and time inputs take their value in the user's locale when typed). */
    public Browser set(String css, String value) {
        driver.executeScript("arguments[0].value = arguments[1]", waitFor(css), value);
        return this;
    }

    /** The session's cookies as a {@code Cookie} header. */
    private String cookies() {
        return driver.manage().getCookies().stream()
                .map(Cookie::toString)
                .map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
