package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.jupyter.JupyterInstallation;
import dev.ganymede.hub.jupyter.JupyterTestClient;
import dev.ganymede.hub.spawner.local.LocalProcessSpawner;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.proxy.Route;
import dev.ganymede.testkit.JupyterFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle manager driving real JupyterLab servers through the local process spawner. */
class ServerManagerIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dataDir;
  private final Clock clock = Clock.systemUTC();
  private final Journal journal = new Journal();
  private final InMemoryServerStore store = new InMemoryServerStore(journal, "alice");
  private final InMemoryRouteTable routes = new InMemoryRouteTable(journal, clock);
  private final ServerTokens tokens = new ServerTokens(new byte[32]);
  private final List<HubEvent> events = new CopyOnWriteArrayList<>();
  private final SpawnerConfig config =
      new SpawnerConfig(
          SpawnerConfig.LOCAL,
          List.of(JupyterFixture.jupyterLab().toString()),
          Optional.empty(),
          false,
          Duration.ofSeconds(90),
          Duration.ofSeconds(5),
          Map.of());
  private ServerManager manager;

  @AfterEach
  void stopServers() {
    LocalProcessSpawner spawner = spawner();
    for (ServerRecord row : store.list()) {
      spawner.stop(row.spawnerState(), Duration.ofSeconds(2));
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void startsARealServerRoutesItAndStopsItLeavingNoProcess() {
    manager = manager();
    List<ProgressEvent> received = new CopyOnWriteArrayList<>();

    manager.start("alice", "", Map.of());
    manager.subscribe("alice", "", received::add);
    await().atMost(WAIT).until(() -> received.stream().anyMatch(ProgressEvent::terminal));

    ProgressEvent last = received.get(received.size() - 1);
    assertThat(last.ready()).as("last event %s", last).isTrue();
    assertThat(received).extracting(ProgressEvent::message).contains("Server process started");
    Route route = routes.entries().get("/user/alice").route();
    String token = manager.serverToken("alice", "").orElseThrow();
    JupyterTestClient client = new JupyterTestClient(route.target(), "/user/alice/", token);
    assertThat(client.get("api/status").statusCode()).isEqualTo(200);
    assertThat(client.getWithoutToken("api/status").statusCode()).isEqualTo(403);
    long pid = store.find("alice", "").orElseThrow().spawnerState().number("pid").orElseThrow();

    manager.stop("alice", "");

    await().atMost(WAIT).until(() -> manager.view("alice", "").state() == ServerState.STOPPED);
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(routes.entries()).isEmpty();
    assertThat(events).extracting(HubEvent::type).containsExactly("server.start", "server.stop");
  }

  @Test
  void aRestartedHubReattachesARunningServerWithTheSameSecret() {
    manager = manager();
    manager.start("alice", "", Map.of());
    await().atMost(WAIT).until(() -> manager.view("alice", "").state() == ServerState.RUNNING);
    String token = manager.serverToken("alice", "").orElseThrow();
    Route route = routes.entries().get("/user/alice").route();
    manager.close();
    routes.remove("/user/alice");

    manager = manager();
    manager.recover();

    assertThat(manager.view("alice", "").state()).isEqualTo(ServerState.RUNNING);
    assertThat(manager.serverToken("alice", "")).contains(token);
    assertThat(routes.entries().get("/user/alice").route().target()).isEqualTo(route.target());
    JupyterTestClient client = new JupyterTestClient(route.target(), "/user/alice/", token);
    assertThat(client.get("api/status").statusCode()).isEqualTo(200);
  }

  private ServerManager manager() {
    return new ServerManager(spawner(), store, routes, tokens, events::add, config, "/", clock);
  }

  private LocalProcessSpawner spawner() {
    return new LocalProcessSpawner(config, dataDir, new JupyterInstallation(config, dataDir));
  }
}
