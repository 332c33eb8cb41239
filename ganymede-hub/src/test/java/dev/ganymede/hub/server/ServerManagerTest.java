package dev.ganymede.hub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.SpawnerState;
import dev.ganymede.hub.store.NotFoundException;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.proxy.Route;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Clock clock = Clock.systemUTC();
  private final Journal journal = new Journal();
  private final InMemoryServerStore store =
      new InMemoryServerStore(journal, "alice", "bob", "carol", "dave", "erin");
  private final InMemoryRouteTable routes = new InMemoryRouteTable(journal, clock);
  private final FakeSpawner spawner = new FakeSpawner(journal);
  private final ServerTokens tokens = new ServerTokens(new byte[32]);
  private final List<HubEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicBoolean serversAnswer = new AtomicBoolean(true);
  private ServerManager manager = manager(10);

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void savesStartingBeforeTheSpawnerStartsAndRunningBeforeTheRouteIsAdded() {
    ServerView view = manager.start("alice", "", Map.of());

    assertThat(view.state()).isEqualTo(ServerState.STARTING);
    assertThat(view.basePath()).isEqualTo("/user/alice/");
    awaitState("alice", "", ServerState.RUNNING);
    assertThat(journal.entries())
        .containsSubsequence(
            "save alice/ STARTING",
            "spawner.start alice/",
            "save alice/ RUNNING",
            "route put /user/alice");
    Route route = routes.entries().get("/user/alice").route();
    assertThat(route.target()).isEqualTo(URI.create("http://127.0.0.1:40001"));
    assertThat(route.data()).containsEntry("user", "alice").containsEntry("server_name", "");
    assertThat(manager.view("alice", "").progress()).isEqualTo(100);
    assertThat(store.find("alice", "").orElseThrow().spawnerState().string("id")).contains("s1");
    assertThat(events).extracting(HubEvent::type).containsExactly("server.start");
    assertThat(events.get(0).subject()).isEqualTo("alice/");
  }

  @Test
  void subscribeReplaysTheEventsSoFarThenLiveOnesEndingWithReady() {
    spawner.startGate = new CompletableFuture<>();
    manager.start("alice", "gpu", Map.of("profile", "small"));
    await().atMost(WAIT).until(() -> spawner.requests.size() == 1);
    List<ProgressEvent> received = new CopyOnWriteArrayList<>();

    manager.subscribe("alice", "gpu", received::add);
    await().atMost(WAIT).until(() -> received.size() >= 3);
    spawner.startGate.complete(null);

    await().atMost(WAIT).until(() -> received.stream().anyMatch(ProgressEvent::terminal));
    assertThat(received)
        .extracting(ProgressEvent::message)
        .containsSubsequence(
            "Server requested", "Fake server starting", "Server ready at /user/alice/gpu/");
    ProgressEvent last = received.get(received.size() - 1);
    assertThat(last.ready()).isTrue();
    assertThat(last.url()).contains("/user/alice/gpu/");
    assertThat(received).extracting(ProgressEvent::progress).isSorted();
    assertThat(spawner.requests.get(0).userOptions()).containsEntry("profile", "small");
    assertThat(spawner.requests.get(0).basePath()).isEqualTo("/user/alice/gpu/");
  }

  @Test
  void startIsIdempotentWhileTheServerIsStartingOrRunning() {
    spawner.startGate = new CompletableFuture<>();

    manager.start("alice", "", Map.of());
    ServerView again = manager.start("alice", "", Map.of());
    assertThat(again.state()).isEqualTo(ServerState.STARTING);
    spawner.startGate.complete(null);
    awaitState("alice", "", ServerState.RUNNING);
    ServerView running = manager.start("alice", "", Map.of());

    assertThat(running.state()).isEqualTo(ServerState.RUNNING);
    assertThat(spawner.requests).hasSize(1);
  }

  @Test
  void recordsAFailedStartOnTheRowAndPublishesAFailedEvent() {
    spawner.failWith = Optional.of("no room for another server");
    List<ProgressEvent> received = new CopyOnWriteArrayList<>();

    manager.start("alice", "", Map.of());
    manager.subscribe("alice", "", received::add);

    ServerView failed = awaitState("alice", "", ServerState.FAILED);
    assertThat(failed.failure()).contains("no room for another server");
    assertThat(store.find("alice", "").orElseThrow().failure())
        .contains("no room for another server");
    await().atMost(WAIT).until(() -> received.stream().anyMatch(ProgressEvent::terminal));
    ProgressEvent last = received.get(received.size() - 1);
    assertThat(last.failed()).isTrue();
    assertThat(last.message()).isEqualTo("Spawn failed: no room for another server");
    assertThat(routes.entries()).isEmpty();
    assertThat(manager.serverToken("alice", "")).isEmpty();
    assertThat(events).extracting(HubEvent::type).containsExactly("server.failure");
    assertThat(events.get(0).details()).containsEntry("reason", "no room for another server");
  }

  @Test
  void aFailedServerCanBeStartedAgain() {
    spawner.failWith = Optional.of("first attempt fails");
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.FAILED);
    spawner.failWith = Optional.empty();

    manager.start("alice", "", Map.of());

    ServerView running = awaitState("alice", "", ServerState.RUNNING);
    assertThat(running.failure()).isEmpty();
  }

  @Test
  void stopDuringStartCancelsTheSpawnAndEndsStopped() {
    spawner.startGate = new CompletableFuture<>();
    manager.start("alice", "", Map.of());
    await().atMost(WAIT).until(() -> spawner.requests.size() == 1);
    List<ProgressEvent> received = new CopyOnWriteArrayList<>();
    manager.subscribe("alice", "", received::add);

    ServerView stopping = manager.stop("alice", "");

    assertThat(stopping.state()).isEqualTo(ServerState.STOPPING);
    awaitState("alice", "", ServerState.STOPPED);
    assertThat(spawner.cancelled).hasValue(1);
    assertThat(spawner.stops).extracting(s -> s.string("id").orElseThrow()).containsExactly("s1");
    await().atMost(WAIT).until(() -> received.stream().anyMatch(ProgressEvent::terminal));
    assertThat(received.get(received.size() - 1))
        .satisfies(e -> assertThat(e.failed()).isTrue())
        .satisfies(e -> assertThat(e.message()).isEqualTo("Spawn cancelled"));
    assertThat(routes.entries()).isEmpty();
    assertThat(journal.entries()).doesNotContain("save alice/ RUNNING", "save alice/ FAILED");
  }

  @Test
  void stopSavesStoppingAndRemovesTheRouteBeforeTheSpawnerStopsTheServer() {
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);

    manager.stop("alice", "");

    ServerView stopped = awaitState("alice", "", ServerState.STOPPED);
    assertThat(journal.entries())
        .containsSubsequence(
            "save alice/ STOPPING",
            "route remove /user/alice",
            "spawner.stop s1",
            "save alice/ STOPPED");
    assertThat(stopped.progress()).isZero();
    assertThat(spawner.running).isEmpty();
    assertThat(manager.serverToken("alice", "")).isEmpty();
    assertThat(store.find("alice", "").orElseThrow().spawnerState()).isEqualTo(SpawnerState.EMPTY);
    await().atMost(WAIT).until(() -> events.size() == 2);
    assertThat(events).extracting(HubEvent::type).containsExactly("server.start", "server.stop");
  }

  @Test
  void startThrowsServerBusyWhileTheServerIsStopping() {
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
    spawner.stopGate = new CompletableFuture<>();

    manager.stop("alice", "");

    assertThatThrownBy(() -> manager.start("alice", "", Map.of()))
        .isInstanceOf(ServerBusyException.class)
        .hasMessageContaining("/user/alice/");
    spawner.stopGate.complete(null);
    awaitState("alice", "", ServerState.STOPPED);
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
  }

  @Test
  void stoppingAServerThatIsNotRunningChangesNothing() {
    ServerView view = manager.stop("bob", "");

    assertThat(view.state()).isEqualTo(ServerState.STOPPED);
    assertThat(journal.entries()).isEmpty();
  }

  @Test
  void serverTokenIsDerivedFromANewNonceAtEachSpawnAndNeverStored() {
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
    ServerRecord row = store.find("alice", "").orElseThrow();
    String first = manager.serverToken("alice", "").orElseThrow();

    assertThat(first).isEqualTo(tokens.token("alice", "", row.tokenNonce()));
    assertThat(spawner.requests.get(0).serverToken()).isEqualTo(first);
    assertThat(row.toString()).doesNotContain(first);

    manager.stop("alice", "");
    awaitState("alice", "", ServerState.STOPPED);
    assertThat(manager.serverToken("alice", "")).isEmpty();
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
    assertThat(manager.serverToken("alice", "")).get().isNotEqualTo(first);
  }

  @Test
  void recoverReattachesRunningServersAndClearsThoseThatAreGone() {
    store.put(row("alice", "", ServerState.RUNNING, spawner.alreadyRunning("a"), "n1"));
    store.put(row("bob", "", ServerState.RUNNING, new SpawnerState(Map.of("id", "b")), "n2"));
    routes.put(new Route("/user/bob", URI.create("http://127.0.0.1:40009"), userData("bob", "")));
    routes.put(new Route("/user/eve", URI.create("http://127.0.0.1:40010"), userData("eve", "")));
    routes.put(Route.of("/", URI.create("http://127.0.0.1:8081")));

    manager.recover();

    assertThat(manager.view("alice", "").state()).isEqualTo(ServerState.RUNNING);
    assertThat(routes.entries())
        .containsKeys("/user/alice", "/")
        .doesNotContainKeys("/user/bob", "/user/eve");
    assertThat(manager.serverToken("alice", "")).contains(tokens.token("alice", "", "n1"));
    assertThat(manager.view("bob", "").state()).isEqualTo(ServerState.STOPPED);
    assertThat(manager.serverToken("bob", "")).isEmpty();
    assertThat(spawner.running).containsExactly("a");
  }

  @Test
  void recoverKeepsAStartingServerThatAnswersAndStopsOneThatDoesNot() {
    store.put(row("alice", "", ServerState.STARTING, spawner.alreadyRunning("a"), "n1"));
    store.put(row("bob", "", ServerState.STARTING, spawner.alreadyRunning("b"), "n2"));
    store.put(row("bob", "gone", ServerState.STARTING, SpawnerState.EMPTY, "n3"));
    store.put(row("bob", "stopping", ServerState.STOPPING, spawner.alreadyRunning("c"), "n4"));
    manager = manager(10, (api, token) -> api.getPath().startsWith("/user/alice/"));

    manager.recover();

    assertThat(manager.view("alice", "").state()).isEqualTo(ServerState.RUNNING);
    assertThat(routes.entries()).containsOnlyKeys("/user/alice");
    assertThat(manager.view("bob", "").state()).isEqualTo(ServerState.STOPPED);
    assertThat(manager.view("bob", "gone").state()).isEqualTo(ServerState.STOPPED);
    assertThat(manager.view("bob", "stopping").state()).isEqualTo(ServerState.STOPPED);
    assertThat(spawner.running).containsExactly("a");
  }

  @Test
  void syncActivityCopiesTheRoutesLastActivityIntoTheStore() {
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
    Instant later = clock.instant().plusSeconds(60);
    routes.activity("/user/alice", later);

    manager.syncActivity();

    assertThat(store.find("alice", "").orElseThrow().lastActivity()).contains(later);
    assertThat(manager.view("alice", "").lastActivity()).contains(later);
  }

  @Test
  void stopCopiesTheLastActivityBeforeTheRouteGoesAway() {
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
    Instant later = clock.instant().plusSeconds(60);
    routes.activity("/user/alice", later);

    manager.stop("alice", "");

    awaitState("alice", "", ServerState.STOPPED);
    assertThat(store.find("alice", "").orElseThrow().lastActivity()).contains(later);
  }

  @Test
  void spawnsBeyondTheLimitWaitInAQueueInsteadOfBeingRefused() {
    manager.close();
    manager = manager(1);
    spawner.startGate = new CompletableFuture<>();
    List<ProgressEvent> bobEvents = new CopyOnWriteArrayList<>();

    manager.start("alice", "", Map.of());
    await().atMost(WAIT).until(() -> spawner.requests.size() == 1);
    manager.start("bob", "", Map.of());
    manager.subscribe("bob", "", bobEvents::add);
    await()
        .atMost(WAIT)
        .until(
            () ->
                bobEvents.stream()
                    .anyMatch(
                        e ->
                            e.message()
                                .equals(
                                    "Waiting for other servers to finish starting: next in"
                                        + " line")));
    assertThat(spawner.requests).hasSize(1);
    spawner.startGate.complete(null);

    awaitState("alice", "", ServerState.RUNNING);
    awaitState("bob", "", ServerState.RUNNING);
  }

  @Test
  void onlyConcurrentSpawnsStartsRunAtOnceAndTheOthersQueueInOrderKnowingTheirPlace() {
    manager.close();
    manager = manager(2);
    List<String> users = List.of("alice", "bob", "carol", "dave", "erin");
    Map<String, List<ProgressEvent>> received = new java.util.HashMap<>();
    for (String user : users) {
      spawner.userGates.put(user, new CompletableFuture<>());
      received.put(user, new CopyOnWriteArrayList<>());
    }

    for (String user : users) {
      manager.start(user, "", Map.of());
      manager.subscribe(user, "", received.get(user)::add);
      await().atMost(WAIT).until(() -> startedOrQueued(user, received.get(user)));
    }

    assertThat(spawner.requests).extracting(SpawnRequest::user).containsExactly("alice", "bob");
    assertThat(lastMessage(received.get("carol"))).endsWith(": next in line");
    assertThat(lastMessage(received.get("dave"))).endsWith(": 1 ahead in the queue");
    assertThat(lastMessage(received.get("erin"))).endsWith(": 2 ahead in the queue");
    assertThat(manager.pendingCount()).isEqualTo(5);

    spawner.userGates.get("alice").complete(null);
    awaitState("alice", "", ServerState.RUNNING);
    await().atMost(WAIT).until(() -> spawner.requests.size() == 3);
    await().atMost(WAIT).until(() -> lastMessage(received.get("dave")).endsWith(": next in line"));
    await()
        .atMost(WAIT)
        .until(() -> lastMessage(received.get("erin")).endsWith(": 1 ahead in the queue"));
    assertThat(spawner.requests.get(2).user()).isEqualTo("carol");
    List<ProgressEvent> replayed = new CopyOnWriteArrayList<>();
    manager.subscribe("erin", "", replayed::add);
    assertThat(replayed)
        .extracting(ProgressEvent::message)
        .filteredOn(m -> m.startsWith("Waiting for other servers"))
        .containsExactly("Waiting for other servers to finish starting: 1 ahead in the queue");

    spawner.userGates.values().forEach(gate -> gate.complete(null));
    for (String user : users) {
      awaitState(user, "", ServerState.RUNNING);
    }
    assertThat(spawner.maxInFlight.get()).isEqualTo(2);
    assertThat(spawner.requests)
        .extracting(SpawnRequest::user)
        .containsExactlyInAnyOrder("alice", "bob", "carol", "dave", "erin");
    assertThat(manager.pendingCount()).isZero();
    assertThat(manager.activeCount()).isEqualTo(5);
  }

  @Test
  void aStartBeyondThePendingSpawnLimitIsRefusedWithoutRecordingAnythingUntilASpawnFinishes() {
    manager.close();
    manager = manager(config().withSpawnLimits(10, 3, 0));
    for (String user : List.of("alice", "bob", "carol")) {
      spawner.userGates.put(user, new CompletableFuture<>());
      manager.start(user, "", Map.of());
    }

    assertThatThrownBy(() -> manager.start("dave", "", Map.of()))
        .isInstanceOfSatisfying(
            SpawnRefusedException.class,
            refused -> {
              assertThat(refused.reason()).isEqualTo(SpawnRefusedException.Reason.TOO_MANY_PENDING);
              // no spawn has finished yet: about the first guess of 30 s, spread by up to half
              assertThat(refused.retryAfter())
                  .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(45));
              assertThat(refused.getMessage())
                  .startsWith("Too many servers are starting right now. Try again in ");
            });
    assertThat(store.find("dave", "")).isEmpty();
    assertThat(manager.view("dave", "").state()).isEqualTo(ServerState.STOPPED);
    assertThat(journal.entries()).noneMatch(e -> e.contains("dave"));
    assertThat(events)
        .filteredOn(e -> e.type().equals("server.refused"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.subject()).isEqualTo("dave/");
              assertThat(e.details()).containsEntry("reason", "throttled");
            });

    spawner.userGates.get("alice").complete(null);
    awaitState("alice", "", ServerState.RUNNING);
    assertThat(manager.start("dave", "", Map.of()).state()).isEqualTo(ServerState.STARTING);
    spawner.userGates.values().forEach(gate -> gate.complete(null));
    awaitState("dave", "", ServerState.RUNNING);
  }

  @Test
  void aStartBeyondTheActiveServerLimitIsRefusedUntilAServerStops() {
    manager.close();
    manager = manager(config().withSpawnLimits(10, 0, 2));
    manager.start("alice", "", Map.of());
    manager.start("bob", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);
    awaitState("bob", "", ServerState.RUNNING);

    assertThatThrownBy(() -> manager.start("carol", "", Map.of()))
        .isInstanceOfSatisfying(
            SpawnRefusedException.class,
            refused -> {
              assertThat(refused.reason()).isEqualTo(SpawnRefusedException.Reason.TOO_MANY_ACTIVE);
              assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(2));
              assertThat(refused.getMessage())
                  .isEqualTo(
                      "The hub already runs its limit of 2 active servers. Try again in 2"
                          + " minutes.");
            });
    assertThat(store.find("carol", "")).isEmpty();
    assertThat(events)
        .filteredOn(e -> e.type().equals("server.refused"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("reason", "too-many-users"));

    manager.stop("alice", "");
    awaitState("alice", "", ServerState.STOPPED);
    assertThat(manager.activeCount()).isEqualTo(1);
    manager.start("carol", "", Map.of());
    awaitState("carol", "", ServerState.RUNNING);
  }

  @Test
  void aFailedStartFreesItsPlaceAndServersFoundAtRecoveryCountAsActive() {
    spawner.failWith = Optional.of("no room");
    manager.close();
    manager = manager(config().withSpawnLimits(10, 1, 1));
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.FAILED);
    assertThat(manager.pendingCount()).isZero();
    assertThat(manager.activeCount()).isZero();
    manager.close();
    spawner.failWith = Optional.empty();
    store.save(row("bob", "", ServerState.RUNNING, spawner.alreadyRunning("s9"), "n1"));
    manager = manager(config().withSpawnLimits(10, 1, 1));

    manager.recover();

    assertThat(manager.activeCount()).isEqualTo(1);
    assertThatThrownBy(() -> manager.start("alice", "", Map.of()))
        .isInstanceOf(SpawnRefusedException.class);
    assertThat(manager.view("alice", "").state()).isEqualTo(ServerState.FAILED);
  }

  @Test
  void viewsUnknownServersAsStoppedWithTheirEscapedBasePath() {
    manager.close();
    manager = new ServerManager(spawner, store, routes, tokens, events::add, config(), "jh", clock);

    ServerView view = manager.view("a b@c.org", "x/y");

    assertThat(view.state()).isEqualTo(ServerState.STOPPED);
    assertThat(view.basePath()).isEqualTo("/jh/user/a%20b@c.org/x%2Fy/");
    assertThat(view.failure()).isEmpty();
    assertThat(view.progress()).isZero();
  }

  @Test
  void startingAServerOfAnUnknownUserThrowsNotFound() {
    assertThatThrownBy(() -> manager.start("mallory", "", Map.of()))
        .isInstanceOf(NotFoundException.class);
    assertThat(spawner.requests).isEmpty();
  }

  @Test
  void closeLeavesRunningServersRunning() {
    manager.start("alice", "", Map.of());
    awaitState("alice", "", ServerState.RUNNING);

    manager.close();

    assertThat(spawner.running).containsExactly("s1");
    assertThat(store.find("alice", "").orElseThrow().state()).isEqualTo(ServerState.RUNNING);
    assertThatThrownBy(() -> manager.start("bob", "", Map.of()))
        .isInstanceOf(IllegalStateException.class);
  }

  private boolean startedOrQueued(String user, List<ProgressEvent> received) {
    return spawner.requests.stream().anyMatch(r -> r.user().equals(user))
        || received.stream().anyMatch(e -> e.message().startsWith("Waiting for other servers"));
  }

  private static String lastMessage(List<ProgressEvent> received) {
    return received.isEmpty() ? "" : received.get(received.size() - 1).message();
  }

  private ServerView awaitState(String user, String server, ServerState state) {
    await().atMost(WAIT).until(() -> manager.view(user, server).state() == state);
    return manager.view(user, server);
  }

  private ServerManager manager(int concurrentSpawns) {
    return manager(config().withSpawnLimits(concurrentSpawns, 0, 0));
  }

  private ServerManager manager(SpawnerConfig config) {
    return manager(config, (api, token) -> serversAnswer.get());
  }

  private ServerManager manager(int concurrentSpawns, ServerProbe probe) {
    return manager(config().withSpawnLimits(concurrentSpawns, 0, 0), probe);
  }

  private ServerManager manager(SpawnerConfig config, ServerProbe probe) {
    return new ServerManager(
        spawner,
        store,
        routes,
        tokens,
        events::add,
        config,
        "/",
        clock,
        probe,
        Duration.ofHours(1),
        Duration.ofSeconds(5));
  }

  private static SpawnerConfig config() {
    SpawnerConfig defaults = SpawnerConfig.defaults();
    return new SpawnerConfig(
        defaults.type(),
        defaults.command(),
        defaults.pythonEnv(),
        defaults.managedEnv(),
        defaults.startTimeout(),
        Duration.ofSeconds(1),
        Map.of("EXTRA", "1"));
  }

  private static ServerRecord row(
      String user, String name, ServerState state, SpawnerState spawnerState, String nonce) {
    return new ServerRecord(
        user,
        name,
        state,
        "fake",
        spawnerState,
        Optional.of(URI.create("http://127.0.0.1:40100")),
        nonce,
        Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
        Optional.empty(),
        Optional.empty());
  }

  private static Map<String, Object> userData(String user, String server) {
    return Map.of("user", user, "server_name", server);
  }
}
