package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ganymede.hub.Hub;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An administrator's round in headless Chromium, by keyboard and without JavaScript on the hub's
 * side: add a user, start and stop their (null-spawned) server, create a group with a member, find
 * it all in the audit log.
 */
class AdminBrowserIT {
  @TempDir Path dataDir;
  @TempDir Path chromeProfile;

  HttpServer backend;
  Hub hub;
  WebDriver browser;
  String oneTimePassword;

  @BeforeEach
  void startHubAndBrowser() throws IOException {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    backend.start();
    GanymedeConfig defaults = GanymedeConfig.defaults();
    GanymedeConfig config =
        defaults
            .withHub(defaults.hub().withPort(0).withDataDir(dataDir))
            .withSpawner(
                SpawnerConfig.nullSpawner(
                    URI.create("http://127.0.0.1:" + backend.getAddress().getPort())));
    List<String> console = new CopyOnWriteArrayList<>();
    hub = Hub.start(config, console::add);
    oneTimePassword =
        console.stream()
            .filter(l -> l.contains("with the one-time password"))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .findFirst()
            .orElseThrow();
    browser = Chromium.start(chromeProfile);
  }

  @AfterEach
  void stopAll() {
    if (browser != null) {
      browser.quit();
    }
    if (hub != null) {
      hub.close();
    }
    if (backend != null) {
      backend.stop(0);
    }
  }

  @Test
  void anAdministratorManagesUsersServersAndGroupsByKeyboardAndReadsTheAuditLog() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(hub.url() + "hub/login");
    browser.findElement(By.id("username")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys(oneTimePassword, Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/hub/change-password"));
    browser.findElement(By.id("current_password")).sendKeys(oneTimePassword);
    browser.findElement(By.id("new_password")).sendKeys("admin-password-1");
    browser.findElement(By.id("new_password_confirm")).sendKeys("admin-password-1", Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/hub/home"));

    browser.get(hub.url() + "hub/admin");
    browser.findElement(By.id("new-username")).sendKeys("grace");
    browser.findElement(By.id("new-password")).sendKeys("grace-password-1", Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "grace"));

    browser
        .findElement(By.cssSelector("button[aria-label='Start server grace']"))
        .sendKeys(Keys.ENTER);
    // the hub's answer to the form; reloading the page before it came would cancel the form.
    // The address changes first: only then is the notice looked for, so never on the old page
    wait.until(ExpectedConditions.urlContains("/hub/admin/users/grace/start"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("admin-notice"), "Starting the server of grace."));
    wait.until(
        d -> {
          d.get(hub.url() + "hub/admin?q=grace");
          // the Stop button shows from "starting" on; wait for the state to read "running"
          return d.findElements(By.cssSelector("button[aria-label='Stop server grace']")).size()
                  == 1
              && d.getPageSource().contains("<td>running</td>");
        });
    assertThat(browser.getPageSource()).contains("running");
    browser
        .findElement(By.cssSelector("button[aria-label='Stop server grace']"))
        .sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/hub/admin/users/grace/stop"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("admin-notice"), "Stopping the server of grace."));
    wait.until(
        d -> {
          d.get(hub.url() + "hub/admin?q=grace");
          return d.findElements(By.cssSelector("button[aria-label='Start server grace']")).size()
              == 1;
        });

    browser.findElement(By.linkText("Groups")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/hub/admin/groups"));
    browser.findElement(By.id("new-group")).sendKeys("astronomy", Keys.ENTER);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("admin-notice"), "astronomy"));
    browser.findElement(By.id("add-0")).sendKeys("grace", Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/hub/admin/groups/astronomy/add-member"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("admin-notice"), "Added grace to astronomy."));

    browser.findElement(By.linkText("Audit log")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("/hub/admin/audit"));
    browser.findElement(By.id("subject")).sendKeys("grace/", Keys.ENTER);
    wait.until(ExpectedConditions.urlContains("subject=grace%2F"));
    wait.until(
        d -> {
          d.navigate().refresh(); // events reach the database a moment after they happen
          return d.getPageSource().contains("server.start")
              && d.getPageSource().contains("server.stop");
        });
    browser.get(hub.url() + "hub/admin/audit?type=group.add");
    assertThat(browser.findElement(By.id("audit-count")).getText()).startsWith("1 events");
    assertThat(browser.getPageSource()).contains("astronomy").contains("users=grace");
  }
}
