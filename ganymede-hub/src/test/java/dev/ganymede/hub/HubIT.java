package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole hub with real JupyterLab servers, driven over HTTP and WebSocket like a browser: sign-in,
 * start, a kernel through the proxy, and isolation between users.
 */
class HubIT {
  @TempDir static Path dataDir;

  static Hub hub;
  static HubClient alice;
  static final String ALICE_PASSWORD = "alice-password-1";
  static final String BOB_PASSWORD = "bob-password-1";

  @BeforeAll
  static void startHubAndAlicesServer() {
    hub = Hub.start(TestHubs.config(dataDir), line -> {});
    hub.accounts().addUser("alice", false, Optional.of(ALICE_PASSWORD), "test");
    hub.accounts().addUser("bob", false, Optional.of(BOB_PASSWORD), "test");
    alice = new HubClient(hub.url());
    HttpResponse<String> login = alice.login("alice", ALICE_PASSWORD);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    HttpResponse<String> spawn = alice.startServer();
    assertThat(spawn.statusCode()).isEqualTo(302);
    assertThat(spawn.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).contains("/hub/spawn-pending/alice"));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> alice.get("/user/alice/api/status").statusCode() == 200);
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

  @Test
  void aliceRunsOnePlusOneInAKernelThroughTheProxy() throws Exception {
    String kernel = alice.startKernel("/user/alice/");
    assertThat(alice.execute("/user/alice/", kernel, "1+1")).isEqualTo("2");
  }

  @Test
  void theServersSecretTokenNeverReachesTheBrowser() {
    HttpResponse<String> lab = alice.get("/user/alice/lab");
    assertThat(lab.statusCode()).isEqualTo(200);
    assertThat(lab.body()).contains("jupyter-config-data");
    assertThat(lab.body()).doesNotContainPattern("\"token\":\\s*\"[0-9a-f]{16,}\"");
    assertThat(lab.headers().allValues("X-Ganymede-Server-Token")).isEmpty();
  }

  @Test
  void anAnonymousBrowserIsSentToTheLoginPageAndAnApiCallIsRefused() {
    HubClient anonymous = new HubClient(hub.url());
    HttpResponse<String> page = anonymous.get("/user/alice/lab", "Accept", "text/html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/hub/login?next="));
    HttpResponse<String> api =
        anonymous.get("/user/alice/api/contents", "Accept", "application/json");
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.body()).doesNotContain("\"content\"");
  }

  @Test
  void bobCannotReachAlicesServerWithHisCookie() {
    HubClient bob = new HubClient(hub.url());
    assertThat(bob.login("bob", BOB_PASSWORD).statusCode()).isEqualTo(302);
    for (String path :
        new String[] {
          "/user/alice/lab",
          "/user/alice/api/contents",
          "/user/alice/",
          "/user/alice/../alice/api/contents",
          "/user/ALICE/api/contents",
          "/user/alice%2F/api/contents"
        }) {
      HttpResponse<String> response = bob.get(path);
      assertThat(response.statusCode()).as(path).isIn(302, 403, 404);
      assertThat(response.body())
          .as(path)
          .doesNotContain("\"content\"")
          .doesNotContain("jupyter-config-data");
    }
  }

  @Test
  void bobCannotReachAlicesServerWithAForgedTokenHeaderOrQueryToken() {
    HubClient bob = new HubClient(hub.url());
    assertThat(bob.login("bob", BOB_PASSWORD).statusCode()).isEqualTo(302);
    HttpResponse<String> forged =
        bob.get(
            "/user/alice/api/contents",
            "X-Ganymede-Server-Token",
            "guess",
            "Authorization",
            "token guess");
    assertThat(forged.statusCode()).isIn(302, 403);
    HttpResponse<String> query = bob.get("/user/alice/api/contents?token=guess");
    assertThat(query.statusCode()).isIn(302, 403);
  }

  @Test
  void bobCannotOpenAKernelWebSocketOnAlicesServer() throws Exception {
    String kernel = alice.startKernel("/user/alice/");
    HubClient bob = new HubClient(hub.url());
    assertThat(bob.login("bob", BOB_PASSWORD).statusCode()).isEqualTo(302);
    var attempt = bob.openWebSocket("/user/alice/api/kernels/" + kernel + "/channels");
    try {
      attempt.get(20, TimeUnit.SECONDS).abort();
      throw new AssertionError("bob's WebSocket to alice's kernel was accepted");
    } catch (ExecutionException refused) {
      assertThat(refused.getCause()).isNotNull();
    }
  }

  @Test
  void bobSeesNoNotRunningPageForAlicesServerEither() {
    HubClient bob = new HubClient(hub.url());
    assertThat(bob.login("bob", BOB_PASSWORD).statusCode()).isEqualTo(302);
    HttpResponse<String> bobsOwn = bob.get("/user/bob/lab");
    assertThat(bobsOwn.statusCode()).isEqualTo(424);
    assertThat(bobsOwn.body()).contains("Launch server");
    HttpResponse<String> progress = bob.get("/hub/api/users/alice/server/progress");
    assertThat(progress.statusCode()).isEqualTo(404);
  }

  @Test
  void theProgressStreamOfARunningServerSaysReady() {
    HttpResponse<String> progress = alice.get("/hub/api/users/alice/server/progress");
    assertThat(progress.statusCode()).isEqualTo(200);
    assertThat(progress.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(progress.body())
        .startsWith("data: ")
        .contains("\"ready\":true")
        .contains("\"url\":\"/user/alice/\"");
  }

  @Test
  void aStateChangeWithoutTheAntiForgeryTokenIsRefused() {
    HttpResponse<String> stop = alice.postForm("/hub/stop", Map.of());
    assertThat(stop.statusCode()).isEqualTo(403);
    assertThat(hub.servers().view("alice", "").state().mayBeRunning()).isTrue();
  }
}
