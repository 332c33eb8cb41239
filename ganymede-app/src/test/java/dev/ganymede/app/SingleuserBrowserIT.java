package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.Hub;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.testkit.SingleuserFixture;
import java.nio.file.Path;
import java.time.Duration;
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
 * Debian's real {@code jupyterhub-singleuser} in headless Chromium: the browser signs in to the
 * hub, opens the server, goes through the hub's OAuth redirect without a consent page, runs a cell
 * in JupyterLab, and after hub sign-out is sent back to the hub's sign-in page.
 */
class SingleuserBrowserIT {
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
                    SingleuserFixture.command(),
                    Optional.empty(),
                    false,
                    Duration.ofSeconds(90),
                    Duration.ofSeconds(5),
                    Map.of("JUPYTERHUB_SINGLEUSER_APP", SingleuserFixture.SERVER_APP),
                    SpawnerConfig.SINGLEUSER));
    hub = Hub.start(config, line -> {});
    browser = Chromium.start(chromeProfile);
  }

  @AfterEach
  void stopAll() {
    if (browser != null) {
      browser.quit();
    }
    if (hub != null) {
      hub.servers().stop("grace", "");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !hub.servers().view("grace", "").state().mayBeRunning());
      hub.close();
    }
  }

  @Test
  void aUserSignsInThroughTheOAuthRedirectRunsACellAndSignOutSendsHerBackToSignIn() {
    hub.accounts().addUser("grace", false, Optional.of("grace-hopper-1906"), "test");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));

    browser.get(hub.url() + "hub/login");
    browser.findElement(By.id("username")).sendKeys("grace");
    browser.findElement(By.id("password")).sendKeys("grace-hopper-1906");
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.urlContains("/hub/home"));
    browser.findElement(By.id("start")).click();

    // progress page → /user/grace/ → singleuser → hub authorize → oauth_callback → JupyterLab
    wait.until(ExpectedConditions.urlContains("/user/grace/"));
    new JupyterLabPage(browser, wait).awaitLoaded();
    assertThat(browser.getCurrentUrl()).contains("/user/grace/").doesNotContain("oauth");
    new JupyterLabPage(browser, wait).runInNewNotebook("1+1", "2");

    browser.get(hub.url() + "hub/logout");
    wait.until(ExpectedConditions.urlContains("/hub/login"));
    browser.get(hub.url() + "user/grace/lab");
    wait.until(ExpectedConditions.urlContains("/hub/login"));
  }
}
