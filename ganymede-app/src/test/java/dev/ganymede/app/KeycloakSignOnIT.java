package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.Hub;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.HubConfig;
import dev.ganymede.hub.config.OidcConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.testkit.FreePorts;
import dev.ganymede.testkit.JupyterFixture;
import dev.ganymede.testkit.KeycloakFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sign-on end to end in headless Chromium against a real Keycloak: the hub's button leads to
 * Keycloak's login form, signing in there lands in Ganymede with the provider's groups applied
 * (realm {@code src/test/resources/keycloak/lab-realm.json}: grace is staff, the admin group; heidi
 * is physics, an allowed group; ivan is chemistry, not allowed).
 */
class KeycloakSignOnIT {
  static final int HUB_PORT = FreePorts.next();
  static final String HUB_URL = "http://127.0.0.1:" + HUB_PORT;

  @RegisterExtension
  static final KeycloakFixture KEYCLOAK = new KeycloakFixture("lab", realm(HUB_URL));

  @TempDir static Path dataDir;
  @TempDir Path chromeProfile;

  static Hub hub;
  WebDriver browser;

  @BeforeAll
  static void startHub() {
    GanymedeConfig defaults = GanymedeConfig.defaults();
    AuthConfig auth = defaults.auth();
    OidcConfig oidc = OidcConfig.defaults();
    GanymedeConfig config =
        defaults
            .withHub(
                new HubConfig(
                    "127.0.0.1", HUB_PORT, "/", Optional.of(URI.create(HUB_URL + "/")), dataDir))
            .withAuth(
                new AuthConfig(
                    AuthConfig.OIDC,
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    false,
                    Optional.empty(),
                    auth.sessionMaxAge(),
                    auth.throttleMaxFailures(),
                    auth.throttleWindow(),
                    auth.throttleMaxFailuresPerAddress()))
            // a ready JupyterLab, so that the hub installs none into its data directory
            .withSpawner(
                new SpawnerConfig(
                    SpawnerConfig.LOCAL,
                    List.of(JupyterFixture.jupyterLab().toString()),
                    Optional.empty(),
                    false,
                    Duration.ofSeconds(90),
                    Duration.ofSeconds(5),
                    Map.of()))
            .withSso(
                defaults
                    .sso()
                    .withOidc(
                        new OidcConfig(
                            Optional.of(KEYCLOAK.issuer()),
                            "ganymede",
                            Optional.of("ganymede-test-secret"),
                            oidc.scopes(),
                            oidc.usernameClaim(),
                            oidc.groupsClaim(),
                            Set.of("staff", "physics"),
                            Set.of("staff"),
                            "Keycloak",
                            true,
                            false,
                            false,
                            Optional.empty())));
    hub = Hub.start(config, line -> {});
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @BeforeEach
  void startBrowser() {
    browser = Chromium.start(chromeProfile);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** From the hub's login page through Keycloak's form; returns once back at the hub. */
  private void signInAtKeycloak(String user, String password) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(HUB_URL + "/hub/login?next=%2Fhub%2Fhome");
    browser.findElement(By.id("sso-sign-in")).click();
    wait.until(ExpectedConditions.urlContains("/realms/lab/protocol/openid-connect/auth"));
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("kc-login")).click();
    wait.until(ExpectedConditions.urlContains(HUB_URL + "/hub/"));
  }

  @Test
  void aMemberOfTheAdminGroupSignsInAtKeycloakAndLandsInGanymedeAsAnAdmin() {
    signInAtKeycloak("grace", "grace-password");

    assertThat(browser.getCurrentUrl()).isEqualTo(HUB_URL + "/hub/home");
    assertThat(browser.findElement(By.id("server-state")).getText()).isEqualTo("stopped");
    browser.get(HUB_URL + "/hub/admin");
    assertThat(browser.getTitle()).contains("Admin");
    assertThat(browser.getPageSource()).contains("grace");
  }

  @Test
  void aMemberOfAnAllowedGroupSignsInWithoutAdminRights() {
    signInAtKeycloak("heidi", "heidi-password");

    assertThat(browser.getCurrentUrl()).isEqualTo(HUB_URL + "/hub/home");
    browser.get(HUB_URL + "/hub/admin");
    assertThat(browser.getTitle()).doesNotContain("Admin");
    assertThat(browser.getPageSource()).containsIgnoringCase("forbidden");
  }

  @Test
  void aUserOutsideTheAllowedGroupsIsRefusedWithAClearPage() {
    signInAtKeycloak("ivan", "ivan-password");

    assertThat(browser.getCurrentUrl()).startsWith(HUB_URL + "/hub/oauth_callback");
    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("Sign-in was refused")
        .contains("Sign in with Keycloak");
    browser.get(HUB_URL + "/hub/home");
    assertThat(browser.getCurrentUrl()).startsWith(HUB_URL + "/hub/login");
  }

  private static String realm(String hubUrl) {
    try (InputStream in = KeycloakSignOnIT.class.getResourceAsStream("/keycloak/lab-realm.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("HUB_URL", hubUrl);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
