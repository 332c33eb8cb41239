package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.ApiConfig;
import dev.ganymede.hub.config.DatabaseConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.RoleSpec;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.testkit.ApiCalls;
import dev.ganymede.testkit.PostgresDatabase;
import dev.ganymede.testkit.PostgresFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub keeps tokens, users, memberships and server rows in memory (see {@code StoreCaches}):
 * every change made through the hub shows on the very next request, on SQLite and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
class ApiCacheCoherenceIT {
  @RegisterExtension static final PostgresFixture POSTGRES = new PostgresFixture();

  @Parameter String backend;

  @TempDir Path dataDir;

  private Hub hub;
  private String rootToken;

  @BeforeEach
  void startHubWithAnAdminToken() {
    GanymedeConfig base = TestHubs.config(dataDir);
    SpawnerConfig d = base.spawner();
    GanymedeConfig config =
        base.withDatabase(database())
            .withSpawner(
                new SpawnerConfig(
                    SpawnerConfig.NULL,
                    List.of(),
                    Optional.empty(),
                    false,
                    d.startTimeout(),
                    d.stopGracePeriod(),
                    Map.of(),
                    Optional.of(URI.create("http://127.0.0.1:9/")),
                    SpawnerConfig.LAB,
                    d.concurrentSpawns(),
                    d.pendingSpawnLimit(),
                    d.activeServerLimit()))
            .withApi(
                new ApiConfig(
                    List.of(),
                    List.of(
                        new RoleSpec(
                            "hub-readers",
                            List.of("read:hub"),
                            List.of(),
                            List.of("readers"),
                            List.of()))));
    hub = Hub.start(config, line -> {});
    hub.accounts().addUser("root", true, Optional.of("root-password-1"), "test");
    HubClient browser = new HubClient(hub.url());
    assertThat(browser.login("root", "root-password-1").statusCode()).isEqualTo(302);
    String xsrf = browser.xsrfFrom(browser.get("/hub/home").body());
    HttpResponse<String> created =
        browser.postJson("/hub/api/users/root/tokens", "{\"note\": \"test\"}", "X-XSRFToken", xsrf);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    rootToken = new JsonObject(created.body()).getString("token");
  }

  private DatabaseConfig database() {
    if (backend.equals("sqlite")) {
      return DatabaseConfig.defaults();
    }
    PostgresDatabase db = POSTGRES.newDatabase();
    return new DatabaseConfig(
        Optional.of(db.jdbcUrl()), Optional.of(db.username()), Optional.empty(), 4);
  }

  @AfterEach
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aRevokedTokenIsRefusedOnTheVeryNextRequest() {
    JsonObject token = tokenFor("bob", "{}");
    String value = token.getString("token");
    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(200);

    assertThat(
            call("DELETE", "/hub/api/users/bob/tokens/" + token.getString("id"), rootToken, null)
                .statusCode())
        .isEqualTo(204);

    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(403);
  }

  @Test
  void anExpiredTokenIsRefusedThoughItWasAcceptedFromMemoryBefore() {
    String value = tokenFor("bob", "{\"expires_in\": 2}").getString("token");
    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> call("GET", "/hub/api/user", value, null).statusCode() == 403);
  }

  @Test
  void aUserMadeNonAdminLosesTheAdminScopesOnTheNextRequest() {
    createUser("bob", true);
    String value = tokenFor("bob", "{}").getString("token");
    assertThat(call("GET", "/hub/api/users", value, null).statusCode()).isEqualTo(200);

    assertThat(call("PATCH", "/hub/api/users/bob", rootToken, "{\"admin\": false}").statusCode())
        .isEqualTo(200);

    assertThat(call("GET", "/hub/api/users", value, null).statusCode()).isEqualTo(403);
    assertThat(new JsonObject(call("GET", "/hub/api/user", value, null).body()).getBoolean("admin"))
        .isFalse();
  }

  @Test
  void aUserRemovedFromAGroupLosesTheScopesOfTheGroupsRoleOnTheNextRequest() {
    createUser("dave", false);
    String value = tokenFor("dave", "{}").getString("token");
    assertThat(call("GET", "/hub/api/info", value, null).statusCode()).isEqualTo(403);
    assertThat(
            call("POST", "/hub/api/groups/readers", rootToken, "{\"users\": [\"dave\"]}")
                .statusCode())
        .isEqualTo(201);
    assertThat(call("GET", "/hub/api/info", value, null).statusCode()).isEqualTo(200);

    assertThat(
            call("DELETE", "/hub/api/groups/readers/users", rootToken, "{\"users\": [\"dave\"]}")
                .statusCode())
        .isEqualTo(200);

    assertThat(call("GET", "/hub/api/info", value, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aDeletedUsersTokenIsRefusedAndDoesNotPassToANewUserOfTheSameName() {
    String value = tokenFor("erin", "{}").getString("token");
    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(200);

    assertThat(call("DELETE", "/hub/api/users/erin", rootToken, null).statusCode()).isEqualTo(204);

    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(403);
    createUser("erin", false);
    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aRenameIsRefusedSoTheUsersTokenKeepsNamingTheSameUser() {
    String value = tokenFor("frank", "{}").getString("token");

    assertThat(
            call("PATCH", "/hub/api/users/frank", rootToken, "{\"name\": \"fred\"}").statusCode())
        .isEqualTo(400);

    JsonObject me = new JsonObject(call("GET", "/hub/api/user", value, null).body());
    assertThat(me.getString("name")).isEqualTo("frank");
    assertThat(call("GET", "/hub/api/users/fred", rootToken, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theLastUseOfATokenIsWrittenToTheDatabaseSoonAfter() {
    JsonObject token = tokenFor("gina", "{}");
    String path = "/hub/api/users/gina/tokens/" + token.getString("id");
    assertThat(new JsonObject(call("GET", path, rootToken, null).body()).getValue("last_activity"))
        .isNull();

    assertThat(call("GET", "/hub/api/user", token.getString("token"), null).statusCode())
        .isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                new JsonObject(call("GET", path, rootToken, null).body()).getValue("last_activity")
                    != null);
  }

  @Test
  void theUserListAndAUsersModelShowEveryChangeAtOnce() {
    createUser("hank", false);
    assertThat(names(list())).contains("hank");
    assertThat(
            list().stream()
                .map(u -> (JsonObject) u)
                .filter(u -> u.getString("name").equals("hank")))
        .allMatch(u -> !u.getBoolean("admin"));
    call("GET", "/hub/api/users/hank", rootToken, null);

    call("PATCH", "/hub/api/users/hank", rootToken, "{\"admin\": true}");
    assertThat(
            list().stream()
                .map(u -> (JsonObject) u)
                .filter(u -> u.getString("name").equals("hank")))
        .allMatch(u -> u.getBoolean("admin"));
    assertThat(
            new JsonObject(call("GET", "/hub/api/users/hank", rootToken, null).body())
                .getBoolean("admin"))
        .isTrue();
    call("POST", "/hub/api/groups/readers", rootToken, "{\"users\": [\"hank\"]}");
    assertThat(
            new JsonObject(call("GET", "/hub/api/users/hank", rootToken, null).body())
                .getJsonArray("groups")
                .getList())
        .containsExactly("readers");

    assertThat(call("DELETE", "/hub/api/users/hank", rootToken, null).statusCode()).isEqualTo(204);
    assertThat(names(list())).doesNotContain("hank");
    assertThat(call("GET", "/hub/api/users/hank", rootToken, null).statusCode()).isEqualTo(404);
  }

  private JsonArray list() {
    HttpResponse<String> r = call("GET", "/hub/api/users?limit=200", rootToken, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonArray(r.body());
  }

  private static List<String> names(JsonArray users) {
    return users.stream().map(u -> ((JsonObject) u).getString("name")).toList();
  }

  private void createUser(String name, boolean admin) {
    HttpResponse<String> r =
        call("POST", "/hub/api/users/" + name, rootToken, "{\"admin\": " + admin + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** A new token of {@code user} (created first if needed), made by the admin. */
  private JsonObject tokenFor(String user, String body) {
    if (call("GET", "/hub/api/users/" + user, rootToken, null).statusCode() == 404) {
      createUser(user, false);
    }
    HttpResponse<String> r = call("POST", "/hub/api/users/" + user + "/tokens", rootToken, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return new JsonObject(r.body());
  }

  private HttpResponse<String> call(String method, String path, String token, String body) {
    return ApiCalls.send(hub.url(), method, path, token, body, "Accept", "application/json");
  }
}
