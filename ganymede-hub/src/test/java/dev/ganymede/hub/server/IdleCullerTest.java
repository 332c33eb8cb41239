package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.auth.fakes.InMemoryUserStore;
import dev.ganymede.hub.auth.fakes.MutableClock;
import dev.ganymede.hub.config.CullerConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.hub.store.UserStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleCullerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock();
  private final Journal journal = new Journal();
  private final InMemoryServerStore store =
      new InMemoryServerStore(journal, "alice", "bob", "carol");
  private final InMemoryRouteTable routes = new InMemoryRouteTable(journal, clock);
  private final FakeSpawner spawner = new FakeSpawner(journal);
  private final InMemoryUserStore users = new InMemoryUserStore(clock);
  private final List<HubEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> deletedUsers = new CopyOnWriteArrayList<>();
  private final ServerManager manager =
      new ServerManager(
          spawner,
          store,
          routes,
          new ServerTokens(new byte[32]),
          events::add,
          SpawnerConfig.defaults(),
          "/",
          clock,
          (api, token) -> true,
          Duration.ofHours(1),
          Duration.ofSeconds(5));

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void stopsAServerIdleForTheTimeoutAndLeavesAnActiveOne() {
    start("alice", "");
    start("bob", "");
    IdleCuller culler = culler(config(false, false, Optional.empty()));

    clock.advance(Duration.ofMinutes(9));
    routes.activity("/user/bob", clock.instant()); // bob's browser talks to his server
    assertThat(culler.cullOnce().stopped()).isEmpty();

    clock.advance(Duration.ofMinutes(2)); // alice idle 11 min, bob 2 min
    IdleCuller.CullReport report = culler.cullOnce();

    assertThat(report.stopped()).containsExactly("alice/");
    awaitState("alice", "", ServerState.STOPPED);
    assertThat(manager.view("bob", "").state()).isEqualTo(ServerState.RUNNING);
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo("server.cull");
              assertThat(e.actor()).isEqualTo("culler");
              assertThat(e.subject()).isEqualTo("alice/");
            })
        .anySatisfy(e -> assertThat(e.type() + " " + e.subject()).isEqualTo("server.stop alice/"));
  }

  @Test
  void stopsAnActiveServerOlderThanTheMaximumAge() {
    start("alice", "");
    IdleCuller culler = culler(config(false, false, Optional.of(Duration.ofMinutes(30))));
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(8));
      routes.activity("/user/alice", clock.instant());
      assertThat(culler.cullOnce().stopped()).isEmpty();
    }

    clock.advance(Duration.ofMinutes(7)); // 31 min old, active just now
    routes.activity("/user/alice", clock.instant());

    assertThat(culler.cullOnce().stopped()).containsExactly("alice/");
    awaitState("alice", "", ServerState.STOPPED);
  }

  @Test
  void removesCulledNamedServersOnceStoppedWhenConfigured() {
    start("alice", "gpu");
    IdleCuller culler = culler(config(false, true, Optional.empty()));
    clock.advance(Duration.ofMinutes(11));

    assertThat(culler.cullOnce().stopped()).containsExactly("alice/gpu");
    awaitState("alice", "gpu", ServerState.STOPPED);

    assertThat(culler.cullOnce().removed()).containsExactly("alice/gpu");
    assertThat(store.find("alice", "gpu")).isEmpty();
  }

  @Test
  void deletesIdleUsersWithoutServersButNotAdminsWhenTold() {
    users.create("carol", false, UserStatus.ACTIVE, Optional.empty());
    users.create("root", true, UserStatus.ACTIVE, Optional.empty());
    users.create("bob", false, UserStatus.ACTIVE, Optional.empty());
    start("bob", "");
    CullerConfig d = CullerConfig.defaults();
    IdleCuller culler =
        culler(
            new CullerConfig(
                true,
                d.timeout(),
                d.every(),
                d.maxAge(),
                2,
                true,
                false, /* cullAdminUsers */
                false));
    clock.advance(Duration.ofMinutes(5));
    routes.activity("/user/bob", clock.instant());
    clock.advance(Duration.ofMinutes(6));

    assertThat(culler.cullOnce().deletedUsers()).containsExactly("carol");
    assertThat(deletedUsers).containsExactly("carol");
  }

  private void start(String user, String server) {
    manager.start(user, server, Map.of());
    awaitState(user, server, ServerState.RUNNING);
  }

  private void awaitState(String user, String server, ServerState state) {
    await().atMost(WAIT).until(() -> manager.view(user, server).state() == state);
  }

  private IdleCuller culler(CullerConfig config) {
    return new IdleCuller(config, manager, store, users, deletedUsers::add, events::add, clock);
  }

  private static CullerConfig config(
      boolean cullUsers, boolean removeNamed, Optional<Duration> maxAge) {
    CullerConfig d = CullerConfig.defaults();
    return new CullerConfig(
        true, d.timeout(), d.every(), maxAge, d.concurrency(), cullUsers, removeNamed, true);
  }
}
