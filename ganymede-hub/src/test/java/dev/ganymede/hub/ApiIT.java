package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.ApiConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.RoleSpec;
import dev.ganymede.hub.config.ServiceSpec;
import dev.ganymede.testkit.ApiCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JupyterHub-compatible REST API of one hub (shared by all tests): tokens, scopes, users,
 * groups, pagination, errors, a server start and stop, and the calls jupyterhub-idle-culler makes.
 */
class ApiIT {
  @TempDir static Path dataDir;

  static Hub hub;
  static String adminToken;
  static String aliceToken;
  static final String CULLER_TOKEN = "culler-token-0123456789abcdef";

  @BeforeAll
  static void startHubAndGetAnAdminToken() {
    GanymedeConfig base = TestHubs.config(dataDir);
    GanymedeConfig config =
        base.withHub(base.hub().withNamedServers(true, 1))
            .withApi(
                new ApiConfig(
                    List.of(
                        new ServiceSpec(
                            "culler",
                            Optional.of(CULLER_TOKEN),
                            List.of(
                                "list:users",
                                "read:users:activity",
                                "read:servers",
                                "delete:servers"),
                            Optional.empty())),
                    List.of(
                        new RoleSpec(
                            "hub-readers",
                            List.of("read:hub"),
                            List.of("carol"),
                            List.of(),
                            List.of()),
                        new RoleSpec(
                            "tutor-listers",
                            List.of("list:users!group=tutors", "read:users!group=tutors"),
                            List.of("alice"),
                            List.of(),
                            List.of()))));
    hub = Hub.start(config, line -> {});
    hub.accounts().addUser("carol", false, Optional.of("carol-password-1"), "test");
    hub.accounts().addUser("root", true, Optional.of("root-password-1"), "test");
    hub.accounts().addUser("alice", false, Optional.of("alice-password-1"), "test");
    HubClient browser = new HubClient(hub.url());
    assertThat(browser.login("root", "root-password-1").statusCode()).isEqualTo(302);
    String xsrf = browser.xsrfFrom(browser.get("/hub/home").body());
    HttpResponse<String> created =
        browser.postJson("/hub/api/users/root/tokens", "{\"note\": \"test\"}", "X-XSRFToken", xsrf);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    adminToken = new JsonObject(created.body()).getString("token");
    HttpResponse<String> forAlice =
        call("POST", "/hub/api/users/alice/tokens", adminToken, "{\"scopes\": [\"self\"]}");
    assertThat(forAlice.statusCode()).as(forAlice.body()).isEqualTo(201);
    aliceToken = new JsonObject(forAlice.body()).getString("token");
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.servers().stop("alice", "");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !hub.servers().view("alice", "").state().mayBeRunning());
      hub.close();
    }
  }

  static HttpResponse<String> call(String method, String path, String token, String body) {
    return call(method, path, token, body, "Accept", "application/json");
  }

  static HttpResponse<String> call(
      String method, String path, String token, String body, String... headers) {
    return ApiCalls.send(hub.url(), method, path, token, body, headers);
  }

  @Test
  void theVersionIsPublicAndPep440() {
    HttpResponse<String> r = call("GET", "/hub/api/", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("version")).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(r.headers().firstValue("X-JupyterHub-Version")).isPresent();
  }

  @Test
  void missingOrInvalidCredentialsGet403NeverA401() {
    for (String token : new String[] {null, "not-a-real-token-value"}) {
      HttpResponse<String> r = call("GET", "/hub/api/users", token, null);
      assertThat(r.statusCode()).isEqualTo(403);
      JsonObject error = new JsonObject(r.body());
      assertThat(error.getInteger("status")).isEqualTo(403);
      assertThat(error.getString("message")).isEqualTo("Missing or invalid credentials.");
    }
    HttpResponse<String> bearer =
        call("GET", "/hub/api/user", null, null, "Authorization", "BEARER " + aliceToken);
    assertThat(bearer.statusCode()).isEqualTo(200);
  }

  @Test
  void getUserShowsTheTokensScopesAndId() {
    JsonObject me = new JsonObject(call("GET", "/hub/api/user", aliceToken, null).body());
    assertThat(me.getString("name")).isEqualTo("alice");
    assertThat(me.getString("kind")).isEqualTo("user");
    assertThat(me.getString("token_id")).matches("a\\d+");
    assertThat(me.getJsonArray("scopes").getList())
        .contains("access:servers!user=alice", "read:users!user=alice")
        .doesNotContain("admin:users");
  }

  @Test
  void aUserCanReadThemselvesButAnotherUserIs404AndTheListIs403() {
    assertThat(call("GET", "/hub/api/users/alice", aliceToken, null).statusCode()).isEqualTo(200);
    HttpResponse<String> other = call("GET", "/hub/api/users/root", aliceToken, null);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(other.body()).getString("message"))
        .isEqualTo("No access to resources or resources not found");
    HttpResponse<String> list = call("GET", "/hub/api/users", aliceToken, null);
    assertThat(list.statusCode()).isEqualTo(403);
    assertThat(call("GET", "/hub/api/info", aliceToken, null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/hub/api/info", adminToken, null).statusCode()).isEqualTo(200);
  }

  @Test
  void usersAreCreatedListedWithBothPaginationFormsAndDeleted() {
    HttpResponse<String> created =
        call(
            "POST",
            "/hub/api/users",
            adminToken,
            "{\"usernames\": [\"page-1\", \"page-2\", \"page-3\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(new JsonArray(created.body())).hasSize(3);
    assertThat(
            call("POST", "/hub/api/users", adminToken, "{\"usernames\": [\"page-1\"]}")
                .statusCode())
        .isEqualTo(409);

    HttpResponse<String> plain =
        call("GET", "/hub/api/users?name_filter=PAGE&limit=2", adminToken, null);
    assertThat(new JsonArray(plain.body())).hasSize(2);

    HttpResponse<String> paged =
        call(
            "GET",
            "/hub/api/users?name_filter=page&limit=2&sort=-name",
            adminToken,
            null,
            "Accept",
            "application/jupyterhub-pagination+json");
    JsonObject page = new JsonObject(paged.body());
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("page-3");
    JsonObject pagination = page.getJsonObject("_pagination");
    assertThat(pagination.getInteger("total")).isEqualTo(3);
    String next = pagination.getJsonObject("next").getString("url");
    assertThat(next).startsWith("http://").contains("offset=2").contains("name_filter=page");
    HttpResponse<String> second =
        call(
            "GET",
            URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery(),
            adminToken,
            null,
            "Accept",
            "application/jupyterhub-pagination+json");
    JsonObject last = new JsonObject(second.body());
    assertThat(last.getJsonArray("items")).hasSize(1);
    assertThat(last.getJsonObject("_pagination").getValue("next")).isNull();

    assertThat(call("DELETE", "/hub/api/users/page-3", adminToken, null).statusCode())
        .isEqualTo(204);
    assertThat(call("GET", "/hub/api/users/page-3", adminToken, null).statusCode()).isEqualTo(404);
  }

  @Test
  void creatingOneUserWhoExistsIsA409AndAnInvalidNameA400() {
    assertThat(call("POST", "/hub/api/users/once-1", adminToken, null).statusCode()).isEqualTo(201);

    HttpResponse<String> again = call("POST", "/hub/api/users/once-1", adminToken, null);

    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(new JsonObject(again.body()).getString("message"))
        .isEqualTo("User once-1 already exists");
    HttpResponse<String> invalid = call("POST", "/hub/api/users/x%20", adminToken, null);
    assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
  }

  @Test
  void malformedInputIsA400WithAMessageAndChangesNothing() {
    String[] bodies = {
      "{not json",
      "[1, 2]",
      "{\"usernames\": \"x\"}",
      "{\"usernames\": [\"bad/name\"]}",
      "{\"usernames\": [\"ok-name\"], \"admin\": \"yes\"}"
    };
    for (String body : bodies) {
      HttpResponse<String> r = call("POST", "/hub/api/users", adminToken, body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("message")).isNotBlank();
    }
    assertThat(call("GET", "/hub/api/users/ok-name", adminToken, null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/hub/api/users?limit=ten", adminToken, null).statusCode())
        .isEqualTo(400);
    assertThat(call("GET", "/hub/api/users?state=sleepy", adminToken, null).statusCode())
        .isEqualTo(400);
    HttpResponse<String> huge =
        call(
            "POST",
            "/hub/api/users",
            adminToken,
            "{\"usernames\": [\"" + "x".repeat(100_000) + "\"]}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(call("GET", "/hub/api/no-such-endpoint", adminToken, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aTokenNeverHoldsMoreThanItsOwner() {
    HttpResponse<String> r =
        call("POST", "/hub/api/users/alice/tokens", aliceToken, "{\"scopes\": [\"admin:users\"]}");
    assertThat(r.statusCode()).isEqualTo(400);
    HttpResponse<String> narrow =
        call(
            "POST",
            "/hub/api/users/alice/tokens",
            aliceToken,
            "{\"scopes\": [\"read:users:name!user=alice\"], \"expires_in\": 3600, \"note\": \"n\"}");
    assertThat(narrow.statusCode()).as(narrow.body()).isEqualTo(201);
    JsonObject token = new JsonObject(narrow.body());
    assertThat(token.getString("expires_at")).endsWith("Z");
    String value = token.getString("token");
    assertThat(call("GET", "/hub/api/users/alice/tokens", value, null).statusCode()).isEqualTo(403);
    assertThat(
            call("GET", "/hub/api/users/alice/tokens/" + token.getString("id"), aliceToken, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            call("DELETE", "/hub/api/users/alice/tokens/" + token.getString("id"), aliceToken, null)
                .statusCode())
        .isEqualTo(204);
    assertThat(call("GET", "/hub/api/user", value, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aGroupFilteredListerSeesOnlyThatGroupPagedWithItsTotal() {
    call(
        "POST",
        "/hub/api/users",
        adminToken,
        "{\"usernames\": [\"tut-a\", \"tut-b\", \"tut-c\", \"tut-x\"]}");
    assertThat(
            call(
                    "POST",
                    "/hub/api/groups/tutors",
                    adminToken,
                    "{\"users\": [\"tut-a\", \"tut-b\", \"tut-c\"]}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> token =
        call(
            "POST",
            "/hub/api/users/alice/tokens",
            adminToken,
            "{\"scopes\": [\"list:users!group=tutors\", \"read:users!group=tutors\"]}");
    assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
    String lister = new JsonObject(token.body()).getString("token");

    JsonObject first =
        new JsonObject(
            call(
                    "GET",
                    "/hub/api/users?limit=2&sort=-name",
                    lister,
                    null,
                    "Accept",
                    "application/jupyterhub-pagination+json")
                .body());
    assertThat(first.getJsonArray("items").stream().map(u -> ((JsonObject) u).getString("name")))
        .containsExactly("tut-c", "tut-b");
    assertThat(first.getJsonObject("_pagination").getInteger("total")).isEqualTo(3);
    assertThat(first.getJsonArray("items").getJsonObject(0).getJsonArray("groups").getList())
        .containsExactly("tutors");
    JsonArray rest =
        new JsonArray(call("GET", "/hub/api/users?offset=2&sort=-name", lister, null).body());
    assertThat(rest.stream().map(u -> ((JsonObject) u).getString("name"))).containsExactly("tut-a");
    // the server-state filter in memory: none of them has a server
    assertThat(new JsonArray(call("GET", "/hub/api/users?state=inactive", lister, null).body()))
        .hasSize(3);
    assertThat(new JsonArray(call("GET", "/hub/api/users?state=ready", lister, null).body()))
        .isEmpty();
    // the unfiltered lister (paged by the database) agrees on the same users
    JsonArray all =
        new JsonArray(
            call("GET", "/hub/api/users?name_filter=tut-&sort=-name&limit=3", adminToken, null)
                .body());
    assertThat(all.stream().map(u -> ((JsonObject) u).getString("name")))
        .containsExactly("tut-x", "tut-c", "tut-b");
    assertThat(all.getJsonObject(1).getJsonArray("groups").getList()).containsExactly("tutors");
    call("DELETE", "/hub/api/groups/tutors", adminToken, null);
  }

  @Test
  void groupsHaveMembersAndProperties() {
    HttpResponse<String> created =
        call("POST", "/hub/api/groups/staff", adminToken, "{\"users\": [\"alice\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(call("POST", "/hub/api/groups/staff", adminToken, null).statusCode()).isEqualTo(409);
    HttpResponse<String> props =
        call("PUT", "/hub/api/groups/staff/properties", adminToken, "{\"course\": \"ml\"}");
    assertThat(new JsonObject(props.body()).getJsonObject("properties").getString("course"))
        .isEqualTo("ml");
    assertThat(call("GET", "/hub/api/groups", aliceToken, null).statusCode()).isEqualTo(403);
    JsonArray groups = new JsonArray(call("GET", "/hub/api/groups", adminToken, null).body());
    assertThat(groups.getJsonObject(0).getJsonArray("users").getList()).contains("alice");
    HttpResponse<String> removed =
        call("DELETE", "/hub/api/groups/staff/users", adminToken, "{\"users\": [\"alice\"]}");
    assertThat(new JsonObject(removed.body()).getJsonArray("users")).isEmpty();
    assertThat(call("DELETE", "/hub/api/groups/staff", adminToken, null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void aTokenWithReadMetricsScrapesTheMetricsAndATokenWithoutItIsRefused() {
    HttpResponse<String> created =
        call("POST", "/hub/api/users/root/tokens", adminToken, "{\"scopes\": [\"read:metrics\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String metricsToken = new JsonObject(created.body()).getString("token");
    HttpResponse<String> scrape = call("GET", "/hub/metrics", metricsToken, null);
    assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
    assertThat(scrape.body()).contains("jupyterhub_running_servers");
    HttpResponse<String> refused = call("GET", "/hub/metrics", aliceToken, null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(call("GET", "/hub/metrics", "no-such-token-0123456789", null).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aCookieWriteWithoutTheXsrfTokenIsRefused() {
    HubClient browser = new HubClient(hub.url());
    browser.login("alice", "alice-password-1");
    HttpResponse<String> r = browser.postJson("/hub/api/users/alice/tokens", "{}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(browser.get("/hub/api/user").statusCode()).isEqualTo(200);
    // fetch and EventSource requests (Sec-Fetch-Mode: cors) need the token too, as ?_xsrf=
    assertThat(browser.get("/hub/api/user", "Sec-Fetch-Mode", "cors").statusCode()).isEqualTo(403);
    String xsrf = browser.xsrfFrom(browser.get("/hub/home").body());
    assertThat(browser.get("/hub/api/user?_xsrf=" + xsrf, "Sec-Fetch-Mode", "cors").statusCode())
        .isEqualTo(200);
  }

  @Test
  void anExternalCullerStartsSeesAndStopsAServer() {
    HttpResponse<String> start = call("POST", "/hub/api/users/alice/server", aliceToken, null);
    assertThat(start.statusCode()).as(start.body()).isIn(201, 202);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> hub.servers().view("alice", "").state().name().equals("RUNNING"));
    assertThat(call("POST", "/hub/api/users/alice/server", aliceToken, null).statusCode())
        .isEqualTo(400);
    // the culler's calls (protocol.md §7)
    assertThat(call("GET", "/hub/api/", CULLER_TOKEN, null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready =
        call(
            "GET",
            "/hub/api/users?state=ready",
            CULLER_TOKEN,
            null,
            "Accept",
            "application/jupyterhub-pagination+json");
    JsonArray items = new JsonObject(ready.body()).getJsonArray("items");
    assertThat(items).hasSize(1);
    JsonObject server = items.getJsonObject(0).getJsonObject("servers").getJsonObject("");
    assertThat(server.getBoolean("ready")).isTrue();
    assertThat(server.getString("url")).isEqualTo("/user/alice/");
    assertThat(server.getValue("pending")).isNull();
    HttpResponse<String> progress =
        call("GET", "/hub/api/users/alice/server/progress", aliceToken, null);
    assertThat(progress.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(progress.body()).startsWith("data: ").contains("\"ready\":true");
    HttpResponse<String> stop = call("DELETE", "/hub/api/users/alice/server", CULLER_TOKEN, null);
    assertThat(stop.statusCode()).isIn(202, 204);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !hub.servers().view("alice", "").state().mayBeRunning());
    HttpResponse<String> inactive =
        call("GET", "/hub/api/users?state=inactive&name_filter=alice", CULLER_TOKEN, null);
    assertThat(new JsonArray(inactive.body())).hasSize(1);
  }

  @Test
  void aNamedServerStartsWithinTheLimitAndIsRemoved() {
    HttpResponse<String> start =
        call("POST", "/hub/api/users/carol/servers/gpu", adminToken, "{\"profile\": \"small\"}");
    assertThat(start.statusCode()).as(start.body()).isIn(201, 202);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> hub.servers().view("carol", "gpu").state().name().equals("RUNNING"));
    HttpResponse<String> second =
        call("POST", "/hub/api/users/carol/servers/cpu", adminToken, null);
    assertThat(second.statusCode()).isEqualTo(400);
    JsonObject carol = new JsonObject(call("GET", "/hub/api/users/carol", adminToken, null).body());
    JsonObject gpu = carol.getJsonObject("servers").getJsonObject("gpu");
    assertThat(gpu.getString("url")).isEqualTo("/user/carol/gpu/");
    assertThat(gpu.getString("progress_url"))
        .isEqualTo("/hub/api/users/carol/servers/gpu/progress");
    HttpResponse<String> stop =
        call("DELETE", "/hub/api/users/carol/servers/gpu", adminToken, "{\"remove\": true}");
    assertThat(stop.statusCode()).isIn(202, 204);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !hub.servers().view("carol", "gpu").state().mayBeRunning());
    assertThat(call("DELETE", "/hub/api/users/carol/servers/nope", adminToken, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aServiceFromConfigurationAuthenticatesWithItsScopes() {
    JsonObject me = new JsonObject(call("GET", "/hub/api/user", CULLER_TOKEN, null).body());
    assertThat(me.getString("kind")).isEqualTo("service");
    assertThat(me.getString("name")).isEqualTo("culler");
    assertThat(me.getJsonArray("scopes").getList()).contains("list:users", "delete:servers");
    assertThat(call("GET", "/hub/api/users", CULLER_TOKEN, null).statusCode()).isEqualTo(200);
    assertThat(
            call("POST", "/hub/api/users", CULLER_TOKEN, "{\"usernames\": [\"x1\"]}").statusCode())
        .isEqualTo(403);
    JsonObject services = new JsonObject(call("GET", "/hub/api/services", adminToken, null).body());
    assertThat(services.getJsonObject("culler").getString("kind")).isEqualTo("service");
  }

  @Test
  void aCustomRoleFromConfigurationGrantsItsScopes() throws Exception {
    HttpResponse<String> created = call("POST", "/hub/api/users/carol/tokens", adminToken, "{}");
    String carol = new JsonObject(created.body()).getString("token");
    assertThat(call("GET", "/hub/api/info", carol, null).statusCode()).isEqualTo(200);
    JsonObject model = new JsonObject(call("GET", "/hub/api/users/carol", carol, null).body());
    assertThat(model.getJsonArray("roles").getList()).contains("user", "hub-readers");
    // the token may also come as ?token=
    assertThat(call("GET", "/hub/api/info?token=" + carol, null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void activityIsRecordedAndValidated() {
    assertThat(
            call(
                    "POST",
                    "/hub/api/users/alice/activity",
                    aliceToken,
                    "{\"last_activity\": \"2026-01-02T03:04:05.123456Z\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            call(
                    "POST",
                    "/hub/api/users/alice/activity",
                    aliceToken,
                    "{\"servers\": {\"nope\": {\"last_activity\": \"2026-01-02T03:04:05Z\"}}}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            call("POST", "/hub/api/users/alice/activity", aliceToken, "{\"last_activity\": 5}")
                .statusCode())
        .isEqualTo(400);
    assertThat(call("POST", "/hub/api/users/root/activity", aliceToken, "{}").statusCode())
        .isEqualTo(404);
  }
}
