package dev.memorysdk.example.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memorysdk.Interaction;
import dev.memorysdk.example.processor.OfflineQueryProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium, against the server on a fresh database of the embedded
 * PostgreSQL. Uses Debian's {@code chromium} and {@code chromium-driver} at fixed paths, so Selenium
 * never looks for a browser or driver on the network; skipped when they are not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ApiTestServer server;
    private ChromeDriverService driverService;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void startServerAndBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
        // Both paths given: Selenium Manager, which could try the network, has nothing to find.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        server = ApiTestServer.start(new OfflineQueryProcessor());
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        browser = new ChromeDriver(driverService, options);
        wait = new WebDriverWait(browser, WAIT);
        // The session list is redrawn when a refresh answers: an element found before may be gone.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openConsole() {
        browser.get(server.baseUri() + "/");
        wait.until(page -> page.findElement(By.id("page-label")).getText().length() > 0);
    }

    private List<WebElement> all(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    private WebElement sessionButton(String sessionId) {
        return wait.until(page -> page.findElements(By.cssSelector("#session-list button")).stream()
                .filter(button -> sessionId.equals(button.getDomAttribute("data-session-id")))
                .findFirst().orElse(null));
    }

    @Test
    void askingShowsTheAnswerThePreloadedContextAndTheStoredTurnWithUserTextAsPlainText() {
        String session = "ada-" + UUID.randomUUID();
        server.memory().addToMemory(session, "My name is <b>Ada</b>", "Nice to meet you, Ada.");
        browser.navigate().refresh();

        sessionButton(session).click();
        wait.until(page -> all("#conversation .bubble").size() == 2);
        browser.findElement(By.id("ask-query")).sendKeys("What is my name?");
        browser.findElement(By.id("ask-submit")).click();

        wait.until(page -> all("#conversation .bubble").size() == 4);
        assertThat(browser.findElement(By.cssSelector("#last-answer .answer-text")).getText())
                .startsWith("I remember 1 earlier turn");
        assertThat(browser.findElement(By.id("preloaded-title")).getText()).isEqualTo("Preloaded context: 1 turn");
        assertThat(all("#preloaded-context li")).singleElement()
                .satisfies(turn -> assertThat(turn.getText()).contains("You: My name is <b>Ada</b>")
                        .contains("Answer: Nice to meet you, Ada."));
        List<WebElement> bubbles = all("#conversation .bubble");
        assertThat(bubbles.get(0).getText()).startsWith("My name is <b>Ada</b>");
        assertThat(bubbles.get(2).getText()).startsWith("What is my name?");
        assertThat(bubbles.get(3).getText()).startsWith("I remember 1 earlier turn");
        assertThat(all("#conversation time")).allSatisfy(time -> assertThat(time.getDomAttribute("datetime")).endsWith("Z"));
        assertThat(all("#conversation b, #preloaded-context b")).as("user text is never markup").isEmpty();
        assertThat(server.memory().getContext(session, 10)).extracting(Interaction::query)
                .containsExactly("My name is <b>Ada</b>", "What is my name?");
    }

    @Test
    void searchNarrowsTheListAndPagingMovesThroughIt() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 25; i++) {
            server.memory().addToMemory("page-" + tag + "-" + i, "q", "a");
        }

        browser.findElement(By.id("session-search")).sendKeys("PAGE-" + tag);
        wait.until(page -> all("#session-list button").size() == 20
                && page.findElement(By.id("page-label")).getText().equals("1–20"));
        assertThat(all("#session-list button").get(0).getDomAttribute("data-session-id")).isEqualTo("page-" + tag + "-25");
        assertThat(browser.findElement(By.id("page-prev")).isEnabled()).isFalse();

        browser.findElement(By.id("page-next")).click();
        wait.until(page -> page.findElement(By.id("page-label")).getText().equals("21–25"));
        assertThat(all("#session-list button")).hasSize(5);
        assertThat(browser.findElement(By.id("page-next")).isEnabled()).isFalse();
        assertThat(all("#session-list button").get(4).getDomAttribute("data-session-id")).isEqualTo("page-" + tag + "-1");
    }

    @Test
    void analyticsDrawsTheTilesAndABarChartPerFigure() {
        String key = "console-" + UUID.randomUUID().toString().substring(0, 8);
        server.memory().addAllToMemory("analytics-" + key, List.of(
                new Interaction("a1", "q", "a", Instant.now(), Map.of(key, "small")),
                new Interaction("a2", "q", "a", Instant.now(), Map.of(key, "small")),
                new Interaction("a3", "q", "a", Instant.now(), Map.of(key, "<i>large</i>"))));
        long sessions = server.memory().getAllSessions(1000).size();

        browser.findElement(By.id("tab-analytics")).click();
        WebElement keyInput = browser.findElement(By.id("metadata-key"));
        keyInput.clear();
        keyInput.sendKeys(key);
        browser.findElement(By.id("analytics-refresh")).click();

        wait.until(page -> all("#chart-metadata rect.bar").size() == 2);
        assertThat(all("#chart-metadata rect.bar title")).extracting(title -> title.getDomProperty("textContent"))
                .containsExactly("turns, small: 2", "turns, <i>large</i>: 1");
        assertThat(all("#chart-turns-per-session rect.bar")).isNotEmpty();
        assertThat(all("#chart-turns-per-session rect.bar title")).extracting(title -> title.getDomProperty("textContent"))
                .contains("sessions, 3 turns: 1");
        assertThat(all("#chart-activity rect.bar.series-0")).isNotEmpty();
        assertThat(all("#chart-activity rect.bar.series-1")).hasSameSizeAs(all("#chart-activity rect.bar.series-0"));
        assertThat(browser.findElement(By.id("tile-sessions")).getText()).isEqualTo(String.valueOf(sessions));
        assertThat(all("#chart-metadata i")).as("user text is never markup").isEmpty();
    }
    @Test
    void theMetadataChartCountsTheTurnsAnsweredPerModel() throws Exception {
        server.ask("model-" + UUID.randomUUID(), "Which model answers?");

        browser.findElement(By.id("tab-analytics")).click();
        browser.findElement(By.id("analytics-refresh")).click();

        wait.until(page -> all("#chart-metadata rect.bar title").stream()
                .anyMatch(title -> title.getDomProperty("textContent").startsWith("turns, offline: ")));
        assertThat(browser.findElement(By.id("metadata-key")).getDomProperty("value")).isEqualTo("model");
        assertThat(browser.findElement(By.id("metadata-caption")).getText()).contains("\"model\"");
    }

    @Test
    void atDesktopAndPhoneWidthsThePageFitsTheScreenAndChartTextKeepsItsSize() throws Exception {
        String session = "width-" + UUID.randomUUID();
        server.memory().addToMemory(session, "How wide is this page?", "As wide as the screen.");
        server.ask(session, "Which model answers here?");
        try {
            for (Dimension size : List.of(new Dimension(1280, 800), new Dimension(390, 844))) {
                browser.manage().window().setSize(size);
                browser.navigate().refresh();
                sessionButton(session).click();
                wait.until(page -> all("#conversation .bubble").size() == 4);
                long viewport = script("return document.documentElement.clientWidth");

                assertThat(script("return document.documentElement.scrollWidth")).as("page width at %s", size)
                        .isLessThanOrEqualTo(viewport);
                Rectangle ask = browser.findElement(By.id("ask-submit")).getRect();
                assertThat(ask.getX() + ask.getWidth()).as("Ask at %s", size).isLessThanOrEqualTo((int) viewport);
                screenshot("console-sessions-" + size.getWidth() + "x" + size.getHeight());

                browser.findElement(By.id("tab-analytics")).click();
                wait.until(page -> !all("#chart-activity text").isEmpty() && !all("#chart-metadata rect.bar").isEmpty());
                assertThat(script("return Math.round(document.querySelector('#chart-activity text')"
                        + ".getBoundingClientRect().height)")).as("chart label height in px at %s", size)
                        .isGreaterThanOrEqualTo(10);
                screenshot("console-analytics-" + size.getWidth() + "x" + size.getHeight());
                ((JavascriptExecutor) browser).executeScript("document.getElementById('chart-metadata').scrollIntoView()");
                screenshot("console-metadata-" + size.getWidth() + "x" + size.getHeight());
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1400, 1000));
        }
    }

    @Test
    void anAskErrorShowsBesideTheFormAndAnotherSessionDoesNotShowTheLastAnswer() {
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        server.memory().addToMemory(second, "q", "a");
        browser.navigate().refresh();

        browser.findElement(By.id("ask-session")).sendKeys(first);
        browser.findElement(By.id("ask-query")).sendKeys("   ");
        browser.findElement(By.id("ask-submit")).click();
        wait.until(page -> !page.findElement(By.id("ask-error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("ask-error")).getText()).isEqualTo("field 'query' must not be blank");

        browser.findElement(By.id("ask-query")).clear();
        browser.findElement(By.id("ask-query")).sendKeys("hello");
        browser.findElement(By.id("ask-submit")).click();
        wait.until(page -> !all("#last-answer .answer-text").isEmpty());
        assertThat(browser.findElement(By.id("ask-error")).getText()).isEmpty();
        // The list is drawn again after an answer: wait for that before clicking in it.
        sessionButton(first);

        sessionButton(second).click();
        wait.until(page -> all("#last-answer .answer-text").isEmpty());
        assertThat(all("#preloaded-context li")).isEmpty();
    }

    private long script(String code) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(code)).longValue();
    }

    // Kept under target/ to be looked at; the assertions above are what the test checks.
    private void screenshot(String name) throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(directory.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
