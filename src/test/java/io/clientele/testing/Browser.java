package io.clientele.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both found at fixed paths and
 * never downloaded. Without them the calling test is skipped, saying why, unless {@code
 * CLIENTELE_REQUIRE_BROWSER=1}, which makes it fail instead (as {@link TestDatabase} treats
 * PostgreSQL).
 */
public final class Browser implements AutoCloseable {
  private static final String REQUIRE_BROWSER = "CLIENTELE_REQUIRE_BROWSER";
  private static final Path CHROMIUM =
      Path.of(System.getProperty("clientele.browser.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("clientele.browser.chromedriver", "/usr/bin/chromedriver"));
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /**
   * Selenium warns at each start that it has no DevTools bindings for this Chromium; the tests use
   * WebDriver only. Held here so the logger, and its level, outlive a garbage collection.
   */
  private static final java.util.logging.Logger CDP_VERSION_FINDER =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_FINDER.setLevel(java.util.logging.Level.SEVERE);
  }

  /** Where screenshots are written; docs/console/ keeps the ones worth showing. */
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Whether Chromium and chromedriver are both where the tests look for them. */
  public static boolean installed() {
    return missing().isEmpty();
  }

  /**
   * Skips the calling test, saying why, when the browser is not installed; fails it instead under
   * {@code CLIENTELE_REQUIRE_BROWSER=1}. Call it per test: a skip in {@code @BeforeAll} would leave
   * surefire's report without the reason.
   */
  public static void assumeInstalled() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        "no browser to drive: "
            + String.join(" and ", missing)
            + " missing (apt-get install chromium chromium-driver)";
    if ("1".equals(System.getenv(REQUIRE_BROWSER))) {
      Assertions.fail(reason + " and " + REQUIRE_BROWSER + "=1");
    }
    Assumptions.abort(
        reason + "; browser tests skipped (set " + REQUIRE_BROWSER + "=1 to fail instead)");
  }

  private static List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(binary)) {
        missing.add(binary.toString());
      }
    }
    return missing;
  }

  /** Starts one browser, for a whole test class. */
  public static Browser start() {
    assumeInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("clientele-chromium");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Headless as root on a closed network: no sandbox, and none of the background connections to
    // Google's hosts that such a network refuses.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--lang=en-US",
        "--window-size=1280,860",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a page afresh: a new tab state, with nothing in its session storage. */
  public void open(String url) {
    driver.get("about:blank");
    driver.get(url);
    ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    driver.navigate().refresh();
  }

  /** Goes to a URL in the same tab, as a link or the address bar would. */
  public void go(String url) {
    driver.get(url);
  }

  /** The element, once it is on the page and shown. */
  public WebElement find(By by) {
    return until(
        () -> {
          WebElement found = driver.findElements(by).stream().findFirst().orElse(null);
          return found != null && found.isDisplayed() ? found : null;
        },
        "an element shown at " + by);
  }

  /** Waits until the element's text is the expected text, then asserts it (failing with both). */
  public void assertText(By by, String expected) {
    try {
      until(() -> expected.equals(textOf(by)) ? Boolean.TRUE : null, expected);
    } catch (TimeoutException e) {
      assertThat(textOf(by)).as("text of " + by).isEqualTo(expected);
    }
  }

  /** Waits until the elements' texts are the expected ones, in order. */
  public void assertTexts(By by, List<String> expected) {
    try {
      until(() -> expected.equals(textsOf(by)) ? Boolean.TRUE : null, expected.toString());
    } catch (TimeoutException e) {
      assertThat(textsOf(by)).as("texts of " + by).isEqualTo(expected);
    }
  }

  /** Waits until no element matches, nor is shown. */
  public void assertAbsent(By by) {
    try {
      until(
          () -> driver.findElements(by).stream().noneMatch(this::shown) ? Boolean.TRUE : null,
          "nothing shown at " + by);
    } catch (TimeoutException e) {
      assertThat(textsOf(by)).as("shown at " + by).isEmpty();
    }
  }

  public String textOf(By by) {
    try {
      return driver.findElements(by).stream().findFirst().map(WebElement::getText).orElse(null);
    } catch (StaleElementReferenceException replaced) {
      return null;
    }
  }

  public List<String> textsOf(By by) {
    try {
      return driver.findElements(by).stream().filter(this::shown).map(WebElement::getText).toList();
    } catch (StaleElementReferenceException replaced) {
      return List.of();
    }
  }

  private boolean shown(WebElement element) {
    try {
      return element.isDisplayed();
    } catch (StaleElementReferenceException replaced) {
      return false;
    }
  }

  public void type(By by, String text) {
    WebElement input = find(by);
    input.clear();
    input.sendKeys(text);
  }

  public void click(By by) {
    find(by).click();
  }

  /** Runs a script in the page and answers its result. */
  public Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /**
   * Saves the whole page, below the fold too, as {@code target/console-screenshots/<name>.png}:
   * WebDriver's own screenshot stops at the window's edge, so this asks Chromium directly.
   */
  public Path screenshot(String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    @SuppressWarnings("unchecked")
    Map<String, Object> size =
        (Map<String, Object>)
            script(
                "const e = document.documentElement;"
                    + " return {width: e.clientWidth, height: Math.max(e.scrollHeight, innerHeight)};");
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x", 0,
                    "y", 0,
                    "width", size.get("width"),
                    "height", size.get("height"),
                    "scale", 1)));
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  private <T> T until(Supplier<T> condition, String what) {
    return new WebDriverWait(driver, PATIENCE)
        .pollingEvery(Duration.ofMillis(50))
        .withMessage(() -> "waited " + PATIENCE.toSeconds() + " s for " + what)
        .ignoring(StaleElementReferenceException.class)
        .until(ignored -> condition.get());
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
