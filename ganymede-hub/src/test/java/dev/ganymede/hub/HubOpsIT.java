package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.store.ServerState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hub with the null spawner (every server "runs" at a tiny always-up backend): the server
 * lifecycle through the hub, the metrics endpoint, the audit log and its API, the admin pages.
 */
class HubOpsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)( \\d+)?");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dataDir;
  static HttpServer backend;
  static Hub hub;

  @BeforeAll
  static void startHub() throws IOException {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext(
        "/",
        exchange -> {
          byte[] body = ("null-backend " + exchange.getRequestURI().getPath()).getBytes();
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    backend.start();
    GanymedeConfig config =
        GanymedeConfig.defaults()
            .withHub(TestHubs.hubConfig(dataDir))
            .withSpawner(
                SpawnerConfig.nullSpawner(
                    URI.create("http://127.0.0.1:" + backend.getAddress().getPort())));
    List<String> console = new CopyOnWriteArrayList<>();
    hub = Hub.start(config, console::add);
    String oneTime =
        console.stream()
            .filter(l -> l.contains("with the one-time password"))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .findFirst()
            .orElseThrow();
    hub.accounts().changePassword("admin", oneTime, "admin-password-1");
    hub.accounts().addUser("carol", false, Optional.of("carol-password-1"), "test");
    hub.accounts().addUser("dave", false, Optional.of("dave-password-1"), "test");
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
    if (backend != null) {
      backend.stop(0);
    }
  }

  @Test
  void theNullSpawnerStartsNothingYetTheHubRunsAndStopsTheServerAndProxiesToTheTarget() {
    HubClient carol = signedIn("carol", "carol-password-1");
    carol.startServer();
    await()
        .atMost(WAIT)
        .until(() -> hub.servers().view("carol", "").state() == ServerState.RUNNING);

    HttpResponse<String> proxied = carol.get("/user/carol/lab");
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(proxied.body()).isEqualTo("null-backend /user/carol/lab");
    String progress =
        carol.get("/hub/api/users/carol/server/progress", "Accept", "text/event-stream").body();
    assertThat(progress).contains("\"ready\":true").contains("/user/carol/");

    hub.servers().stop("carol", "");
    await()
        .atMost(WAIT)
        .until(() -> hub.servers().view("carol", "").state() == ServerState.STOPPED);
  }

  @Test
  void metricsNeedAnAdministratorAndParseWithJupyterHubsNamesTypesAndLabels() {
    assertThat(new HubClient(hub.url()).get("/hub/metrics").statusCode()).isEqualTo(403);
    assertThat(signedIn("dave", "dave-password-1").get("/hub/api/metrics").statusCode())
        .isEqualTo(403);
    HubClient admin = signedIn("admin", "admin-password-1");
    double before = spawnSuccesses(scrape(admin));

    hub.servers().start("dave", "", Map.of());
    await().atMost(WAIT).until(() -> hub.servers().view("dave", "").state() == ServerState.RUNNING);
    Scrape after = scrape(admin);

    assertThat(after.types)
        .containsEntry("jupyterhub_request_duration_seconds", "histogram")
        .containsEntry("jupyterhub_server_spawn_duration_seconds", "histogram")
        .containsEntry("jupyterhub_server_stop_seconds", "histogram")
        .containsEntry("jupyterhub_proxy_add_duration_seconds", "histogram")
        .containsEntry("jupyterhub_proxy_delete_duration_seconds", "histogram")
        .containsEntry("jupyterhub_proxy_poll_duration_seconds", "histogram")
        .containsEntry("jupyterhub_running_servers", "gauge")
        .containsEntry("jupyterhub_total_users", "gauge")
        .containsEntry("jupyterhub_active_users", "gauge");
    for (String status :
        List.of("success", "failure", "already-pending", "throttled", "too-many-users")) {
      assertThat(after.value("jupyterhub_server_spawn_duration_seconds_count", "status", status))
          .as("pre-created spawn status %s", status)
          .isPresent();
    }
    for (String period : List.of("24h", "7d", "30d")) {
      assertThat(after.value("jupyterhub_active_users", "period", period)).isPresent();
    }
    assertThat(spawnSuccesses(after)).isEqualTo(before + 1);
    assertThat(after.value("jupyterhub_total_users", "", "").orElseThrow())
        .isGreaterThanOrEqualTo(3);
    assertThat(after.value("jupyterhub_running_servers", "", "").orElseThrow()).isGreaterThan(0);
    assertThat(after.samples)
        .anyMatch(
            s ->
                s.name.equals("jupyterhub_request_duration_seconds_count")
                    && s.labels.get("handler").equals("/hub/login")
                    && s.labels.get("method").equals("POST")
                    && s.labels.get("code").equals("302"));
    hub.servers().stop("dave", "");
    await().atMost(WAIT).until(() -> hub.servers().view("dave", "").state() == ServerState.STOPPED);
  }

  @Test
  void signInsSignOutsUserChangesAndServerLifecycleAreAuditedAndReadableOnlyByAdmins()
      throws IOException {
    HubClient erin = new HubClient(hub.url());
    hub.accounts().addUser("erin", false, Optional.of("erin-password-1"), "admin");
    assertThat(erin.login("erin", "wrong-password").statusCode()).isEqualTo(403);
    assertThat(erin.login("erin", "erin-password-1").statusCode()).isEqualTo(302);
    hub.servers().start("erin", "", Map.of());
    await().atMost(WAIT).until(() -> hub.servers().view("erin", "").state() == ServerState.RUNNING);
    hub.servers().stop("erin", "");
    await().atMost(WAIT).until(() -> hub.servers().view("erin", "").state() == ServerState.STOPPED);
    HttpResponse<String> home = erin.get("/hub/home");
    erin.postForm("/hub/logout", Map.of("_xsrf", erin.xsrfFrom(home.body())));

    HttpResponse<String> refused = erin.get("/hub/api/audit");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("status").asInt()).isEqualTo(403);
    HubClient admin = signedIn("admin", "admin-password-1");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(types(admin, "/hub/api/audit?subject=erin"))
                    .contains("user.create", "login.failure", "login.success", "logout"));
    List<String> serverTypes = types(admin, "/hub/api/audit?subject=erin/");
    assertThat(serverTypes).contains("server.start", "server.stop");

    JsonNode failure =
        JSON.readTree(admin.get("/hub/api/audit?type=login.failure&actor=erin").body());
    JsonNode item = failure.get("items").get(0);
    assertThat(item.get("client_address").asText()).isEqualTo("127.0.0.1");
    assertThat(item.get("outcome").asText()).isEqualTo("failure");
    assertThat(item.toString()).doesNotContain("wrong-password");

    JsonNode paged = JSON.readTree(admin.get("/hub/api/audit?limit=1").body());
    assertThat(paged.get("items")).hasSize(1);
    assertThat(paged.at("/_pagination/next/offset").asInt()).isEqualTo(1);
    assertThat(admin.get("/hub/api/audit?limit=0").statusCode()).isEqualTo(400);
    assertThat(admin.get("/hub/api/audit?since=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void adminPagesManageGroupsAndShowTheAuditLog() {
    HubClient admin = signedIn("admin", "admin-password-1");
    HttpResponse<String> groups = admin.get("/hub/admin/groups");
    assertThat(groups.statusCode()).isEqualTo(200);
    String xsrf = admin.xsrfFrom(groups.body());

    HttpResponse<String> created =
        admin.postForm("/hub/admin/groups", Map.of("_xsrf", xsrf, "group", "physics"));
    assertThat(created.body()).contains("Created group physics.");
    HttpResponse<String> added =
        admin.postForm(
            "/hub/admin/groups/physics/add-member", Map.of("_xsrf", xsrf, "username", "carol"));
    assertThat(added.body())
        .contains("Added carol to physics.")
        .contains("Remove carol from physics");
    assertThat(
            admin
                .postForm(
                    "/hub/admin/groups/physics/add-member",
                    Map.of("_xsrf", xsrf, "username", "nobody"))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> removed =
        admin.postForm(
            "/hub/admin/groups/physics/remove-member", Map.of("_xsrf", xsrf, "username", "carol"));
    assertThat(removed.body()).contains("Removed carol from physics.");
    HttpResponse<String> deleted =
        admin.postForm("/hub/admin/groups/physics/delete", Map.of("_xsrf", xsrf));
    assertThat(deleted.body()).contains("Deleted group physics.").contains("No groups yet.");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(admin.get("/hub/admin/audit?subject=physics").body())
                    .contains("group.create")
                    .contains("group.add")
                    .contains("group.delete"));
    assertThat(signedIn("carol", "carol-password-1").get("/hub/admin/audit").statusCode())
        .isEqualTo(403);
  }

  private static HubClient signedIn(String user, String password) {
    HubClient client = new HubClient(hub.url());
    assertThat(client.login(user, password).statusCode()).isEqualTo(302);
    return client;
  }

  private static List<String> types(HubClient client, String path) throws IOException {
    HttpResponse<String> response = client.get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> types = new ArrayList<>();
    JSON.readTree(response.body()).get("items").forEach(i -> types.add(i.get("type").asText()));
    return types;
  }

  private static double spawnSuccesses(Scrape scrape) {
    return scrape
        .value("jupyterhub_server_spawn_duration_seconds_count", "status", "success")
        .orElseThrow();
  }

  private static Scrape scrape(HubClient client) {
    HttpResponse<String> response = client.get("/hub/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    return Scrape.parse(new String(response.body().getBytes(), StandardCharsets.UTF_8));
  }

  private record Sample(String name, Map<String, String> labels, double value) {}

  /** A strict reader of the Prometheus text format: every line is a comment or a sample. */
  private record Scrape(Map<String, String> types, List<Sample> samples) {
    static Scrape parse(String text) {
      Map<String, String> types = new LinkedHashMap<>();
      List<Sample> samples = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("# HELP ")) {
          continue;
        }
        if (line.startsWith("# TYPE ")) {
          String[] parts = line.split(" ");
          types.put(parts[2], parts[3]);
          continue;
        }
        Matcher m = SAMPLE.matcher(line);
        assertThat(m.matches()).as("sample line %s", line).isTrue();
        Map<String, String> labels = new HashMap<>();
        if (m.group(3) != null && !m.group(3).isEmpty()) {
          for (String pair : m.group(3).split(",(?=[a-zA-Z_]+=)")) {
            int eq = pair.indexOf('=');
            labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
      }
      return new Scrape(types, samples);
    }

    Optional<Double> value(String name, String label, String labelValue) {
      return samples.stream()
          .filter(s -> s.name.equals(name))
          .filter(s -> label.isEmpty() || labelValue.equals(s.labels.get(label)))
          .map(Sample::value)
          .findFirst();
    }
  }
}
