package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.Hub;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.testkit.JupyterFixture;
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
import org.openqa.selenium.WebDriver;
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
    browser = Chromium.start(chromeProfile);
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
    Chromium.screenshot(browser, "01-login");
    browser.findElement(By.id("username")).sendKeys("ada");
    browser.findElement(By.id("password")).sendKeys(oneTimePassword);
    browser.findElement(By.id("sign-in")).click();

    wait.until(ExpectedConditions.urlContains("/hub/change-password"));
    Chromium.screenshot(browser, "02-change-password");
    browser.findElement(By.id("current_password")).sendKeys(oneTimePassword);
    browser.findElement(By.id("new_password")).sendKeys("ada-lovelace-1815");
    browser.findElement(By.id("new_password_confirm")).sendKeys("ada-lovelace-1815");
    browser.findElement(By.id("change-password")).click();

    wait.until(ExpectedConditions.urlContains("/hub/home"));
    assertThat(browser.findElement(By.id("server-state")).getText()).isEqualTo("stopped");
    Chromium.screenshot(browser, "03-home");
    browser.findElement(By.id("start")).click();

    // the progress page, then JupyterLab itself
    wait.until(ExpectedConditions.urlContains("/user/ada/"));
    new JupyterLabPage(browser, wait).awaitLoaded().runInNewNotebook("6*7", "42");
    Chromium.screenshot(browser, "04-notebook");
  }
}
