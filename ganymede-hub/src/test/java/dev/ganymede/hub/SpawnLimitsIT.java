package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.ApiConfig;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.config.ServiceSpec;
import dev.ganymede.hub.server.ProgressEvent;
import dev.ganymede.hub.store.ServerState;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spawn limits of a real hub whose servers start at {@link GatedSpawner}'s gates: the queue of
 * {@code spawner.concurrentSpawns}, and the 429 answers of {@code spawner.pendingSpawnLimit} and
 * {@code spawner.activeServerLimit} through the REST API and the {@code /hub/spawn} page.
 */
class SpawnLimitsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TOKEN = "ops-token-0123456789abcdef";
  private static final List<String> USERS = List.of("ann", "ben", "cat", "dan", "eva");

  @TempDir Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Hub hub;

  private GatedSpawner start(int concurrentSpawns, int pendingLimit, int activeLimit) {
    GanymedeConfig config =
        TestHubs.gated(dataDir, concurrentSpawns, pendingLimit, activeLimit)
            .withApi(
                new ApiConfig(
                    List.of(
                        new ServiceSpec(
                            "ops",
                            Optional.of(TOKEN),
                            List.of("admin:users", "admin:servers", "read:metrics"),
                            Optional.empty())),
                    List.of()));
    hub = Hub.start(config, line -> {});
    for (String user : USERS) {
      hub.accounts().addUser(user, false, Optional.of(user + "-password-1"), "test");
    }
    return GatedSpawner.of(dataDir);
  }

  @AfterEach
  void stopHub() {
    if (hub != null) {
      USERS.forEach(user -> GatedSpawner.of(dataDir).open(user));
      USERS.forEach(user -> hub.servers().stop(user, ""));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  USERS.stream().noneMatch(u -> hub.servers().view(u, "").state().mayBeRunning()));
      hub.close();
    }
  }

  private HttpResponse<String> call(String method, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(hub.url().resolve(path))
            .header("Authorization", "token " + TOKEN)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(WAIT)
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitState(String user, ServerState state) {
    await().atMost(WAIT).until(() -> hub.servers().view(user, "").state() == state);
  }

  @Test
  void onlyConcurrentSpawnsStartsReachTheSpawnerWhileTheOthersQueueAndAllFiveBecomeReady() {
    GatedSpawner spawner = start(2, 0, 0);
    Map<String, List<ProgressEvent>> progress = new java.util.HashMap<>();

    for (String user : USERS) {
      hub.servers().start(user, "", Map.of());
      progress.put(user, new CopyOnWriteArrayList<>());
      hub.servers().subscribe(user, "", progress.get(user)::add);
    }
    await().atMost(WAIT).until(() -> spawner.inFlight() == 2);
    await()
        .atMost(WAIT)
        .until(
            () ->
                progress.values().stream()
                        .filter(
                            events ->
                                events.stream()
                                    .anyMatch(e -> e.message().startsWith("Waiting for other")))
                        .count()
                    == 3);

    assertThat(spawner.calls()).isEqualTo(2);
    assertThat(USERS)
        .allSatisfy(
            u -> assertThat(hub.servers().view(u, "").state()).isEqualTo(ServerState.STARTING));
    USERS.forEach(spawner::open);
    USERS.forEach(user -> awaitState(user, ServerState.RUNNING));
    assertThat(spawner.maxInFlight()).isEqualTo(2);
    assertThat(spawner.calls()).isEqualTo(5);
  }

  @Test
  void theApiAnswers429WithRetryAfterAndAJsonMessageBeyondThePendingLimitAndRecordsNothing() {
    GatedSpawner spawner = start(10, 3, 0);
    for (String user : List.of("ann", "ben", "cat")) {
      hub.servers().start(user, "", Map.of());
    }

    HttpResponse<String> refused = call("POST", "/hub/api/users/dan/server");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(30, 45));
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonObject body = new JsonObject(refused.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("status", "message");
    assertThat(body.getInteger("status")).isEqualTo(429);
    assertThat(body.getString("message"))
        .matches("Too many servers are starting right now\\. Try again in \\d+0 seconds\\.");
    assertThat(hub.servers().view("dan", "").state()).isEqualTo(ServerState.STOPPED);
    JsonObject dan =
        new JsonObject(call("GET", "/hub/api/users/dan?include_stopped_servers=1").body());
    assertThat(dan.getJsonObject("servers")).isEmpty();
    assertThat(dan.getValue("pending")).isNull();
    assertThat(throttledSpawns()).isEqualTo(1.0);

    spawner.open("ann");
    awaitState("ann", ServerState.RUNNING);
    spawner.open("dan");
    HttpResponse<String> accepted = call("POST", "/hub/api/users/dan/server");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
    assertThat(hub.servers().view("dan", "").state()).isEqualTo(ServerState.RUNNING);
  }

  @Test
  void theApiAnswers429BeyondTheActiveServerLimitUntilAServerStops() {
    GatedSpawner spawner = start(2, 0, 1);
    spawner.open("ann");
    spawner.open("ben");
    assertThat(call("POST", "/hub/api/users/ann/server").statusCode()).isEqualTo(201);

    HttpResponse<String> refused = call("POST", "/hub/api/users/ben/server");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("120");
    assertThat(new JsonObject(refused.body()).getString("message"))
        .isEqualTo("The hub already runs its limit of 1 active servers. Try again in 2 minutes.");
    assertThat(hub.servers().view("ben", "").state()).isEqualTo(ServerState.STOPPED);

    assertThat(call("DELETE", "/hub/api/users/ann/server").statusCode()).isEqualTo(204);
    HttpResponse<String> accepted = call("POST", "/hub/api/users/ben/server");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
  }

  @Test
  void theSpawnPageAnswers429WithAPageSayingWhenToTryAgainAndStartsNothing() {
    GatedSpawner spawner = start(2, 1, 0);
    hub.servers().start("ann", "", Map.of());
    HubClient ben = new HubClient(hub.url());
    assertThat(ben.login("ben", "ben-password-1").statusCode()).isEqualTo(302);

    HttpResponse<String> refused = ben.startServer();

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body())
        .containsPattern("Too many servers are starting right now\\. Try again in \\d+0 seconds\\.")
        .contains("href=\"/hub/spawn\"");
    assertThat(hub.servers().view("ben", "").state()).isEqualTo(ServerState.STOPPED);
    assertThat(spawner.calls()).isEqualTo(1);

    spawner.open("ann");
    awaitState("ann", ServerState.RUNNING);
    HttpResponse<String> accepted = ben.startServer();
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(302);
    assertThat(accepted.headers().firstValue("Location")).contains("/hub/spawn-pending/ben");
  }

  /** {@code jupyterhub_server_spawn_duration_seconds_count{status="throttled"}}. */
  private double throttledSpawns() {
    String prefix = "jupyterhub_server_spawn_duration_seconds_count{status=\"throttled\"} ";
    return call("GET", "/hub/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElseThrow();
  }
}
