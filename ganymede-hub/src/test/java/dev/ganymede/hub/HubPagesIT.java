package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.AuthConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.store.ServerState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's pages over HTTP: sign-in failures, throttling, sign-up, admin, odd names, logout. */
class HubPagesIT {
  @TempDir static Path dataDir;
  static Hub hub;

  @BeforeAll
  static void startHub() {
    GanymedeConfig config = TestHubs.config(dataDir);
    AuthConfig auth = config.auth();
    config =
        config.withAuth(
            new AuthConfig(
                auth.type(),
                Set.of("root"),
                Set.of(),
                Set.of("mallory"),
                true,
                Optional.empty(),
                auth.sessionMaxAge(),
                3,
                Duration.ofMinutes(5),
                1000));
    java.util.List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();
    hub = Hub.start(config, console::add);
    // the first start created the admin "root" with a one-time password printed on the console
    String oneTime =
        console.stream()
            .filter(l -> l.contains("with the one-time password"))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .findFirst()
            .orElseThrow();
    hub.accounts().changePassword("root", oneTime, "root-password-1");
    hub.accounts().addUser("carol", false, Optional.of("carol-password-1"), "test");
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      for (String user : new String[] {"a@b.org", "ünï"}) {
        hub.servers().stop(user, "");
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !hub.servers().view("a@b.org", "").state().mayBeRunning()
                      && !hub.servers().view("ünï", "").state().mayBeRunning());
      hub.close();
    }
  }

  @Test
  void aWrongPasswordGetsAGenericMessageAndNoSession() {
    HubClient client = new HubClient(hub.url());
    HttpResponse<String> response = client.login("carol", "not-her-password");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Invalid user name or password.");
    assertThat(client.cookie("ganymede-session")).isEmpty();
    HttpResponse<String> unknown = new HubClient(hub.url()).login("nobody-here", "whatever-1234");
    assertThat(unknown.body()).contains("Invalid user name or password.");
  }

  @Test
  void repeatedFailuresBlockFurtherAttemptsEvenWithTheRightPassword() {
    hub.accounts().addUser("dave", false, Optional.of("dave-password-1"), "test");
    HubClient client = new HubClient(hub.url());
    for (int i = 0; i < 3; i++) {
      assertThat(client.login("dave", "wrong-" + i + "-password").statusCode()).isEqualTo(403);
    }
    HttpResponse<String> blocked = client.login("dave", "dave-password-1");
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.body()).contains("Too many failed sign-ins");
  }

  @Test
  void aLoginFormWithoutItsAntiForgeryTokenIsRefused() {
    HubClient client = new HubClient(hub.url());
    HttpResponse<String> response =
        client.postForm("/hub/login", Map.of("username", "carol", "password", "carol-password-1"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(client.cookie("ganymede-session")).isEmpty();
  }

  @Test
  void aSignUpWaitsForAnAdministratorsApproval() {
    HubClient erin = new HubClient(hub.url());
    String form = erin.get("/hub/signup").body();
    HttpResponse<String> signup =
        erin.postForm(
            "/hub/signup",
            Map.of(
                "_xsrf", erin.xsrfFrom(form),
                "username", "Erin",
                "password", "erin-password-1",
                "password_confirm", "erin-password-1"));
    assertThat(signup.statusCode()).isEqualTo(200);
    assertThat(signup.body()).contains("must approve your account");
    HttpResponse<String> early = erin.login("erin", "erin-password-1");
    assertThat(early.statusCode()).isEqualTo(403);
    assertThat(early.body()).contains("waiting for an administrator");

    HubClient root = new HubClient(hub.url());
    assertThat(root.login("root", "root-password-1").statusCode()).isEqualTo(302);
    String admin = root.get("/hub/admin").body();
    assertThat(admin).contains("erin").contains("awaiting approval");
    HttpResponse<String> approved =
        root.postForm("/hub/admin/users/erin/approve", Map.of("_xsrf", root.xsrfFrom(admin)));
    assertThat(approved.body()).contains("Approved erin.");

    assertThat(erin.login("erin", "erin-password-1").statusCode()).isEqualTo(302);
  }

  @Test
  void anAdministratorAddsAUserAndSeesTheOneTimePasswordOnce() {
    HubClient root = new HubClient(hub.url());
    assertThat(root.login("root", "root-password-1").statusCode()).isEqualTo(302);
    String admin = root.get("/hub/admin").body();
    HttpResponse<String> added =
        root.postForm(
            "/hub/admin/users", Map.of("_xsrf", root.xsrfFrom(admin), "username", "frank"));
    assertThat(added.body()).contains("Added frank. One-time password (shown once): ");
    String password =
        added.body().replaceAll("(?s).*One-time password \\(shown once\\): ([A-Za-z0-9]+).*", "$1");
    assertThat(root.get("/hub/admin").body()).doesNotContain(password);

    HubClient frank = new HubClient(hub.url());
    HttpResponse<String> login = frank.login("frank", password);
    assertThat(login.headers().firstValue("Location")).hasValue("/hub/change-password");
    assertThat(frank.get("/hub/home").headers().firstValue("Location"))
        .hasValue("/hub/change-password");
  }

  @Test
  void anOrdinaryUserCannotOpenTheAdminPageOrUseItsActions() {
    HubClient carol = new HubClient(hub.url());
    assertThat(carol.login("carol", "carol-password-1").statusCode()).isEqualTo(302);
    assertThat(carol.get("/hub/admin").statusCode()).isEqualTo(403);
    String home = carol.get("/hub/home").body();
    HttpResponse<String> attempt =
        carol.postForm("/hub/admin/users/root/delete", Map.of("_xsrf", carol.xsrfFrom(home)));
    assertThat(attempt.statusCode()).isEqualTo(403);
    assertThat(hub.accounts()).isNotNull();
  }

  @Test
  void aBlockedNameCannotSignUp() {
    HubClient mallory = new HubClient(hub.url());
    String form = mallory.get("/hub/signup").body();
    HttpResponse<String> signup =
        mallory.postForm(
            "/hub/signup",
            Map.of(
                "_xsrf", mallory.xsrfFrom(form),
                "username", "mallory",
                "password", "mallory-password-1",
                "password_confirm", "mallory-password-1"));
    assertThat(signup.statusCode()).isEqualTo(400);
  }

  @Test
  void signingOutEndsTheSessionEverywhereItWasUsed() {
    HubClient carol = new HubClient(hub.url());
    assertThat(carol.login("carol", "carol-password-1").statusCode()).isEqualTo(302);
    String session = carol.cookie("ganymede-session").orElseThrow();
    String home = carol.get("/hub/home").body();
    assertThat(carol.postForm("/hub/logout", Map.of("_xsrf", carol.xsrfFrom(home))).statusCode())
        .isEqualTo(302);
    HubClient replay = new HubClient(hub.url());
    replay.addCookie("ganymede-session", session);
    assertThat(replay.get("/hub/home").headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/hub/login"));
  }

  @Test
  void aLoginNeverRedirectsOffTheSite() {
    HubClient carol = new HubClient(hub.url());
    String page = carol.get("/hub/login?next=//evil.example/x").body();
    HttpResponse<String> login =
        carol.postForm(
            "/hub/login",
            Map.of(
                "_xsrf", carol.xsrfFrom(page),
                "username", "carol",
                "password", "carol-password-1",
                "next", "//evil.example/x"));
    assertThat(login.headers().firstValue("Location")).hasValue("/hub/home");
  }

  @Test
  void usersWithOddNamesSignInAndReachTheirOwnServers() throws Exception {
    for (String name : new String[] {"a@b.org", "ünï"}) {
      hub.accounts().addUser(name, false, Optional.of("odd-password-1"), "test");
      HubClient client = new HubClient(hub.url());
      assertThat(client.login(name, "odd-password-1").statusCode()).as(name).isEqualTo(302);
      assertThat(client.startServer().statusCode()).isEqualTo(302);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> hub.servers().view(name, "").state() == ServerState.RUNNING);
      String path = hub.servers().view(name, "").basePath();
      assertThat(client.get(path + "api/status").statusCode()).as(path).isEqualTo(200);
      String kernel = client.startKernel(path);
      assertThat(client.execute(path, kernel, "3*3")).isEqualTo("9");
    }
  }
}
