package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.ganymede.hub.audit.LoggingEventSink;
import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.HubConfig;
import dev.ganymede.hub.config.OidcConfig;
import dev.ganymede.testkit.FreePorts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A hub configured for OpenID Connect against mock-oauth2-server: the sign-in button, the redirect
 * with the state cookie, the callback, the refusal page and its event, and sign-out at the
 * provider.
 */
class HubSingleSignOnIT {
  static final Duration REFRESH_AFTER = Duration.ofSeconds(2);
  @TempDir static Path dataDir;
  static MockOAuth2Server provider;
  static Hub hub;
  static final ListAppender<ILoggingEvent> events = new ListAppender<>();
  static final HttpClient BROWSER_AT_PROVIDER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    provider = new MockOAuth2Server();
    provider.start();
    int port = FreePorts.next();
    GanymedeConfig config = TestHubs.config(dataDir);
    AuthConfig auth = config.auth();
    OidcConfig d = OidcConfig.defaults();
    config =
        config
            .withHub(
                new HubConfig(
                    config.hub().ip(),
                    port,
                    "/",
                    Optional.of(URI.create("http://127.0.0.1:" + port + "/")),
                    config.hub().dataDir()))
            .withAuth(
                new AuthConfig(
                    AuthConfig.OIDC,
                    Set.of("admin"),
                    Set.of(),
                    Set.of(),
                    false,
                    Optional.empty(),
                    auth.sessionMaxAge(),
                    5,
                    auth.throttleWindow(),
                    50))
            .withSso(
                config
                    .sso()
                    .withOidc(
                        new OidcConfig(
                            Optional.of(provider.issuerUrl("lab").uri()),
                            "ganymede",
                            Optional.of("secret"),
                            d.scopes(),
                            d.usernameClaim(),
                            d.groupsClaim(),
                            Set.of("physics", "staff"),
                            Set.of("staff"),
                            "Lab Login",
                            true,
                            true,
                            true,
                            Optional.of(REFRESH_AFTER))));
    events.start();
    ((Logger) LoggerFactory.getLogger(LoggingEventSink.LOGGER)).addAppender(events);
    hub = Hub.start(config, line -> {});
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(LoggingEventSink.LOGGER)).detachAppender(events);
    if (hub != null) {
      hub.close();
    }
    provider.shutdown();
  }

  private static void nextIdToken(String user, List<String> groups) {
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "lab", user, "JWT", null, Map.of("preferred_username", user, "groups", groups), 3600));
  }

  /** From the hub's oauth_login to the provider and back to the callback; the callback's answer. */
  private static HttpResponse<String> signIn(HubClient client, String next) throws Exception {
    HttpResponse<String> toProvider = client.get("/hub/oauth_login?next=" + next);
    assertThat(toProvider.statusCode()).isEqualTo(302);
    assertThat(client.cookie("ganymede-oauth-state")).isPresent();
    HttpResponse<Void> back =
        BROWSER_AT_PROVIDER.send(
            HttpRequest.newBuilder(URI.create(toProvider.headers().firstValue("Location").get()))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(back.statusCode()).isEqualTo(302);
    URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
    assertThat(callback.getPath()).isEqualTo("/hub/oauth_callback");
    return client.get(callback.getRawPath() + "?" + callback.getRawQuery());
  }

  @Test
  void theLoginPageOffersTheProvidersButtonInsteadOfAPasswordForm() {
    HttpResponse<String> page = new HubClient(hub.url()).get("/hub/login?next=/hub/home");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Sign in with Lab Login")
        .contains("oauth_login?next=%2Fhub%2Fhome")
        .doesNotContain("type=\"password\"");
  }

  @Test
  void signingInAtTheProviderLandsOnTheRequestedPageAsAnAdminOfTheAdminGroup() throws Exception {
    nextIdToken("grace", List.of("staff"));
    HubClient client = new HubClient(hub.url());

    HttpResponse<String> landed = signIn(client, "/hub/admin");

    assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
    assertThat(landed.headers().firstValue("Location")).contains("/hub/admin");
    assertThat(client.cookie("ganymede-session")).isPresent();
    assertThat(client.get("/hub/admin").statusCode()).isEqualTo(200);
  }

  @Test
  void aMemberOfAnAllowedGroupSignsInWithoutAdminRights() throws Exception {
    nextIdToken("heidi", List.of("physics"));
    HubClient client = new HubClient(hub.url());

    assertThat(signIn(client, "/hub/home").statusCode()).isEqualTo(302);
    assertThat(client.get("/hub/home").statusCode()).isEqualTo(200);
    assertThat(client.get("/hub/admin").statusCode()).isEqualTo(403);
  }

  @Test
  void aRefusedSignInShowsAClearPageAndPublishesALoginFailure() throws Exception {
    nextIdToken("ivan", List.of("chemistry"));
    HubClient client = new HubClient(hub.url());

    HttpResponse<String> refused = signIn(client, "/hub/home");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("Sign-in was refused").contains("Sign in with Lab Login");
    assertThat(client.cookie("ganymede-session")).isEmpty();
    assertThat(events.list)
        .map(ILoggingEvent::getFormattedMessage)
        .anyMatch(
            json ->
                json.contains("\"login.failure\"")
                    && json.contains("not in an allowed group")
                    && json.contains("ivan"));
  }

  @Test
  void aCallbackWithoutThisBrowsersStateCookieIsRefused() throws Exception {
    HubClient starter = new HubClient(hub.url());
    HttpResponse<String> toProvider = starter.get("/hub/oauth_login");
    HttpResponse<Void> back =
        BROWSER_AT_PROVIDER.send(
            HttpRequest.newBuilder(URI.create(toProvider.headers().firstValue("Location").get()))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());

    HubClient victim = new HubClient(hub.url());
    HttpResponse<String> answer = victim.get(callback.getRawPath() + "?" + callback.getRawQuery());

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(victim.cookie("ganymede-session")).isEmpty();
  }

  @Test
  void signingOutEndsTheSessionAtTheProviderToo() throws Exception {
    nextIdToken("judy", List.of("physics"));
    HubClient client = new HubClient(hub.url());
    signIn(client, "/hub/home");

    HttpResponse<String> out = client.get("/hub/logout");

    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().firstValue("Location").orElseThrow())
        .startsWith(provider.issuerUrl("lab") + "/endsession?")
        .contains(
            "post_logout_redirect_uri="
                + URLEncoder.encode(hub.url() + "hub/login?signed_out=1", StandardCharsets.UTF_8));
    assertThat(client.get("/hub/home").statusCode()).isEqualTo(302);
  }

  @Test
  void theUsersGroupsFollowTheProvidersAtEachSignInButHandMadeGroupsStay() throws Exception {
    nextIdToken("kate", List.of("physics", "optics"));
    signIn(new HubClient(hub.url()), "/hub/home");
    assertThat(events("group.create", "optics")).isNotEmpty();
    assertThat(events("group.add", "optics")).anyMatch(json -> json.contains("kate"));
    assertThat(events("group.add", "physics")).anyMatch(json -> json.contains("kate"));
    hub.accounts().createGroup("hand-made", "admin");
    hub.accounts().addToGroup("hand-made", Set.of("kate"), "admin");

    nextIdToken("kate", List.of("physics"));
    signIn(new HubClient(hub.url()), "/hub/home");

    assertThat(events("group.remove", "optics"))
        .anyMatch(json -> json.contains("kate") && json.contains("sso-group-sync"));
    assertThat(events("group.remove", "hand-made")).isEmpty();
  }

  @Test
  void anAgeingSessionIsConfirmedWithTheProvidersRefreshToken() throws Exception {
    nextIdToken("liam", List.of("physics"));
    HubClient client = new HubClient(hub.url());
    signIn(client, "/hub/home");

    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              assertThat(client.get("/hub/home").statusCode()).isEqualTo(200);
              assertThat(events("login.refresh", "liam"))
                  .anyMatch(json -> json.contains("\"success\""));
            });
  }

  @Test
  void anAgeingSessionTheProviderNoLongerConfirmsIsSignedOut() throws Exception {
    nextIdToken("mia", List.of("physics"));
    HubClient client = new HubClient(hub.url());
    signIn(client, "/hub/home");
    assertThat(client.get("/hub/home").statusCode()).isEqualTo(200);
    provider.enqueueCallback( // at the refresh, the provider reports other groups
        new DefaultOAuth2TokenCallback(
            "lab",
            "mia",
            "JWT",
            null,
            Map.of("preferred_username", "mia", "groups", List.of("chemistry")),
            3600));

    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> client.get("/hub/home").statusCode() == 302);

    assertThat(client.get("/hub/home").headers().firstValue("Location").orElseThrow())
        .contains("/hub/login");
    assertThat(events("login.refresh", "mia")).anyMatch(json -> json.contains("\"failure\""));
  }

  private static List<String> events(String type, String subject) {
    return events.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(json -> json.contains("\"" + type + "\"") && json.contains("\"" + subject + "\""))
        .toList();
  }
}
