package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.Hub;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.testkit.JupyterFixture;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's first session in headless Chromium: sign in with a one-time password, choose a
 * password, start the server, watch the progress page, work in JupyterLab and run a cell.
 */
class BrowserIT {
  @TempDir Path dataDir;
  @TempDir Path chromeProfile;

  Hub hub;
  WebDriver browser;

  @BeforeEach
  void startHubAndBrowser() {
    GanymedeConfig defaults = GanymedeConfig.defaults();
    GanymedeConfig config =
        defaults
            .withHub(defaults.hub().withPort(0).withDataDir(dataDir))
            .withSpawner(
                new SpawnerConfig(
                    SpawnerConfig.LOCAL,
                    List.of(JupyterFixture.jupyterLab().toString()),
                    Optional.empty(),
                    false,
                    Duration.ofSeconds(90),
                    Duration.ofSeconds(5),
                    Map.of()));
    hub = Hub.start(config, line -> {});
    browser = chromium(chromeProfile);
  }

  @AfterEach
  void stopAll() {
    if (browser != null) {
      browser.quit();
    }
    if (hub != null) {
      hub.servers().stop("ada", "");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !hub.servers().view("ada", "").state().mayBeRunning());
      hub.close();
    }
  }

  @Test
  void aNewUserSignsInStartsTheirServerAndRunsACellInJupyterLab() {
    String oneTimePassword =
        hub.accounts()
            .addUser("ada", false, Optional.empty(), "test")
            .oneTimePassword()
            .orElseThrow();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));

    browser.get(hub.url() + "hub/login");
    assertThat(browser.getTitle()).contains("Sign in");
    screenshot("01-login");
    browser.findElement(By.id("username")).sendKeys("ada");
    browser.findElement(By.id("password")).sendKeys(oneTimePassword);
    browser.findElement(By.id("sign-in")).click();

    wait.until(ExpectedConditions.urlContains("/hub/change-password"));
    screenshot("02-change-password");
    browser.findElement(By.id("current_password")).sendKeys(oneTimePassword);
    browser.findElement(By.id("new_password")).sendKeys("ada-lovelace-1815");
    browser.findElement(By.id("new_password_confirm")).sendKeys("ada-lovelace-1815");
    browser.findElement(By.id("change-password")).click();

    wait.until(ExpectedConditions.urlContains("/hub/home"));
    assertThat(browser.findElement(By.id("server-state")).getText()).isEqualTo("stopped");
    screenshot("03-home");
    browser.findElement(By.id("start")).click();

    // the progress page, then JupyterLab itself
    wait.until(ExpectedConditions.urlContains("/user/ada/"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jp-main-dock-panel")));
    WebElement notebookCard =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(".jp-LauncherCard[data-category='Notebook']")));
    notebookCard.click();

    WebElement editor =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(".jp-Notebook .jp-Cell .cm-content")));
    // wait until the kernel is idle so the cell runs at once
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".jp-Notebook-ExecutionIndicator[data-status='idle']")));
    editor.click();
    new Actions(browser)
        .sendKeys("6*7")
        .keyDown(Keys.SHIFT)
        .sendKeys(Keys.ENTER)
        .keyUp(Keys.SHIFT)
        .perform();
    WebElement output =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".jp-OutputArea-output[data-mime-type='text/plain']")));
    wait.until(ExpectedConditions.textToBePresentInElement(output, "42"));
    screenshot("04-notebook");
  }

  /** Saves what the browser shows to target/screenshots, for people reviewing the pages. */
  private void screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
      Files.write(dir.resolve(name + ".png"), png);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static WebDriver chromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("/usr/bin/chromium", "chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(executable("/usr/bin/chromedriver", "chromium-driver")))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static String executable(String path, String debianPackage) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(
          path
              + " is missing: install it with apt-get install "
              + debianPackage
              + " (scripts/install-test-deps.sh does)");
    }
    return path;
  }
}
