package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.testkit.SingleuserFixture;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real {@code jupyterhub-singleuser} (3.0, with JupyterLab 4) spawned by Ganymede in
 * {@code singleuser} mode, driven at the HTTP level: the OAuth sign-in through the hub, a kernel,
 * activity reports, sign-out, and another user's refused attempt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleuserIT {
  @TempDir static Path dataDir;

  static Hub hub;
  static HubClient alice;
  static Instant signedInAt;

  @BeforeAll
  static void startHubAndAlicesSingleuserServer() {
    GanymedeConfig base = TestHubs.config(dataDir);
    SpawnerConfig spawner =
        new SpawnerConfig(
            SpawnerConfig.LOCAL,
            SingleuserFixture.command(),
            Optional.empty(),
            false,
            Duration.ofSeconds(90),
            Duration.ofSeconds(5),
            Map.of("JUPYTERHUB_SINGLEUSER_APP", SingleuserFixture.SERVER_APP),
            SpawnerConfig.SINGLEUSER);
    hub = Hub.start(base.withSpawner(spawner), line -> {});
    hub.accounts().addUser("alice", false, Optional.of("alice-password-1"), "test");
    hub.accounts().addUser("bob", false, Optional.of("bob-password-1"), "test");
    alice = new HubClient(hub.url());
    assertThat(alice.login("alice", "alice-password-1").statusCode()).isEqualTo(302);
    signedInAt = lastActivityOfAlice();
    hub.servers().start("alice", "", Map.of());
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> hub.servers().view("alice", "").state() == ServerState.RUNNING);
  }

  @AfterAll
  static void stopEverything() {
    if (hub != null) {
      hub.servers().stop("alice", "");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !hub.servers().view("alice", "").state().mayBeRunning());
      hub.close();
    }
  }

  /** Follows same-site redirects (at most 6) and returns the last response. */
  static HttpResponse<String> follow(HubClient client, String path) {
    HttpResponse<String> response = client.get(path, "Accept", "text/html");
    for (int i = 0; i < 6 && response.statusCode() / 100 == 3; i++) {
      String location = response.headers().firstValue("Location").orElseThrow();
      URI next = response.uri().resolve(location);
      if (next.getPath().endsWith("/hub/login")) {
        return response;
      }
      response =
          client.get(
              next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()),
              "Accept",
              "text/html");
    }
    return response;
  }

  @Test
  @Order(1)
  void aliceSignsInThroughTheHubsOAuthAndRunsOnePlusOne() throws Exception {
    HttpResponse<String> first = alice.get("/user/alice/lab", "Accept", "text/html");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
    assertThat(first.headers().firstValue("Location"))
        .hasValueSatisfying(
            l ->
                assertThat(l)
                    .startsWith("/hub/api/oauth2/authorize?")
                    .contains("client_id=jupyterhub-user-alice"));
    HttpResponse<String> lab = follow(alice, "/user/alice/lab");
    assertThat(lab.statusCode()).as(lab.body()).isEqualTo(200);
    assertThat(lab.body()).contains("jupyter-config-data");
    assertThat(alice.cookie("jupyterhub-user-alice")).isPresent();
    String kernel = alice.startKernel("/user/alice/");
    assertThat(alice.execute("/user/alice/", kernel, "1+1")).isEqualTo("2");
  }

  /**
   * Alice's last activity as the hub's REST API shows it (sign-in and activity reports move it).
   */
  static Instant lastActivityOfAlice() {
    HttpResponse<String> me = alice.get("/hub/api/user");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    return Instant.parse(new JsonObject(me.body()).getString("last_activity"));
  }

  @Test
  @Order(2)
  void theServersActivityReportReachesTheHub() {
    // only the server's POST /hub/api/users/alice/activity moves the user's activity past the
    // sign-in (the proxy's activity sync records per-server activity only)
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> lastActivityOfAlice().isAfter(signedInAt));
  }

  @Test
  @Order(3)
  void anotherUserIsRefusedAtTheHub() {
    HubClient bob = new HubClient(hub.url());
    assertThat(bob.login("bob", "bob-password-1").statusCode()).isEqualTo(302);
    HttpResponse<String> first = bob.get("/user/alice/lab", "Accept", "text/html");
    assertThat(first.statusCode()).isEqualTo(302);
    URI authorize = first.uri().resolve(first.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> refused =
        bob.get(authorize.getRawPath() + "?" + authorize.getRawQuery(), "Accept", "text/html");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(bob.get("/user/alice/api/contents", "Accept", "application/json").statusCode())
        .isEqualTo(403);
  }

  @Test
  @Order(4)
  void theTokenEndpointVerifiesPkceAndUsesEachCodeOnce() throws Exception {
    String verifier = "a-verifier-of-at-least-43-characters-0123456789";
    String challenge =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    String code = authorize("&code_challenge=" + challenge + "&code_challenge_method=S256");
    String secret = hub.servers().serverToken("alice", "").orElseThrow();
    HttpResponse<String> wrong = exchange(code, secret, "wrong-verifier");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(wrong.body()).getString("error")).isEqualTo("invalid_grant");

    String code2 = authorize("&code_challenge=" + challenge + "&code_challenge_method=S256");
    assertThat(exchange(code2, "not-the-secret", verifier).statusCode()).isEqualTo(400);
    HttpResponse<String> ok = exchange(code2, secret, verifier);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonObject token = new JsonObject(ok.body());
    assertThat(token.getString("token_type")).isEqualTo("Bearer");
    assertThat(token.getString("scope")).contains("access:servers!server=alice/");
    assertThat(exchange(code2, secret, verifier).statusCode()).isEqualTo(400);

    HubClient server = new HubClient(hub.url());
    HttpResponse<String> identity =
        server.get("/hub/api/user", "Authorization", "token " + token.getString("access_token"));
    JsonObject me = new JsonObject(identity.body());
    assertThat(me.getString("name")).isEqualTo("alice");
    assertThat(me.getJsonArray("scopes").getList()).contains("access:servers!server=alice/");
    assertThat(me.getString("session_id")).isNotNull();
  }

  /** Alice's browser asks the hub for a code; returns it. */
  static String authorize(String extra) {
    HttpResponse<String> r =
        alice.get(
            "/hub/api/oauth2/authorize?client_id=jupyterhub-user-alice&response_type=code"
                + "&redirect_uri=%2Fuser%2Falice%2Foauth_callback&state=s1"
                + extra);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/user/alice/oauth_callback?code=").endsWith("&state=s1");
    return location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
  }

  static HttpResponse<String> exchange(String code, String secret, String verifier) {
    HubClient server = new HubClient(hub.url());
    return server.postForm(
        "/hub/api/oauth2/token",
        Map.of(
            "client_id",
            "jupyterhub-user-alice",
            "client_secret",
            secret,
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            "/user/alice/oauth_callback",
            "code_verifier",
            verifier));
  }

  @Test
  @Order(5)
  void anAdminGetsAConsentPageForAnotherUsersServerAndAWrongRedirectIsRefused() {
    hub.accounts().addUser("boss", true, Optional.of("boss-password-1"), "test");
    HubClient boss = new HubClient(hub.url());
    assertThat(boss.login("boss", "boss-password-1").statusCode()).isEqualTo(302);
    String query =
        "/hub/api/oauth2/authorize?client_id=jupyterhub-user-alice&response_type=code"
            + "&redirect_uri=%2Fuser%2Falice%2Foauth_callback&state=s2";
    HttpResponse<String> consent = boss.get(query, "Accept", "text/html");
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(consent.body()).contains("Authorize").contains("access:servers!server=alice/");
    HttpResponse<String> forged = boss.postForm(query, Map.of());
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> granted =
        boss.postForm(query, Map.of("_xsrf", boss.xsrfFrom(consent.body())));
    assertThat(granted.statusCode()).isEqualTo(302);
    assertThat(granted.headers().firstValue("Location").orElseThrow())
        .startsWith("/user/alice/oauth_callback?code=");
    HttpResponse<String> badRedirect =
        boss.get(query.replace("oauth_callback", "elsewhere"), "Accept", "text/html");
    assertThat(badRedirect.statusCode()).isEqualTo(400);
    HttpResponse<String> anonymous = new HubClient(hub.url()).get(query);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow())
        .startsWith("/hub/login?next=");
  }

  @Test
  @Order(6)
  void afterHubSignOutTheNextPageLoadGoesBackThroughSignIn() {
    assertThat(follow(alice, "/user/alice/lab").statusCode()).isEqualTo(200);
    HttpResponse<String> logout = alice.get("/hub/logout");
    assertThat(logout.statusCode()).isEqualTo(302);
    HttpResponse<String> again = follow(alice, "/user/alice/lab");
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(again.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/hub/login"));
  }
}
