package dev.ganymede.hub.server;

import dev.ganymede.hub.config.ProfileConfig;
import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.hub.store.ServerStore;
import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.RouteEntry;
import dev.ganymede.proxy.RouteTable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of users' servers: start, stop, progress, recovery after a hub restart, and the
 * per-server secrets the proxy adds to forwarded requests.
 *
 * <p><b>Model.</b> Each server is reconciled level-based: {@link #start} and {@link #stop} record
 * what the user wants (and the first state it implies: {@code STARTING} or {@code STOPPING}) and
 * return at once; one worker thread per server at a time (a virtual thread) then moves the server
 * to that state step by step. Every state is written to the {@link ServerStore} before the side
 * effect it promises becomes visible: {@code STARTING} before the spawner starts anything, {@code
 * RUNNING} before the route is added, {@code STOPPING} before the spawner stops anything, and the
 * route is removed before the process is stopped. A hub that dies at any point therefore finds
 * every server that may still run, and {@link #recover()} converges it.
 *
 * <p><b>Threading.</b> All public methods are thread-safe and may be called from any thread that
 * may block briefly (they read or write the store); call them from a worker or virtual thread,
 * never an event loop. Progress listeners are called on the spawning thread (or the subscriber's
 * thread for replayed events) and must not block.
 *
 * <pre>{@code
 * ServerManager servers = new ServerManager(spawner, store, routes, tokens, events,
 *     config.spawner(), config.hub().baseUrl(), Clock.systemUTC());
 * servers.recover();                                   // at hub start, before serving
 * servers.start("alice", "", Map.of());                // returns STARTING at once
 * try (AutoCloseable s = servers.subscribe("alice", "", event -> send(event))) { ... }
 * servers.serverToken("alice", "");                    // proxy: add X-Ganymede-Server-Token
 * servers.stop("alice", "");
 * servers.close();                                     // hub shutdown: servers keep running
 * }</pre>
 */
public final class ServerManager {
  private static final Logger log = LoggerFactory.getLogger(ServerManager.class);

  /**
   * Route data key and value that make a standalone proxy check the hub session (see {@code
   * HubSessionAuth} in ganymede-proxy) before forwarding to a user's server.
   */
  public static final String ROUTE_AUTH_KEY = "auth";

  public static final String ROUTE_AUTH_HUB_SESSION = "hub-session";

  /** Route data value: the server ({@code jupyterhub-singleuser}) signs users in through OAuth. */
  public static final String ROUTE_AUTH_OAUTH = "oauth";

  private static final Duration DEFAULT_ACTIVITY_INTERVAL = Duration.ofSeconds(30);
  private static final Duration DEFAULT_ROUTE_TIMEOUT = Duration.ofSeconds(30);

  private final Spawner spawner;
  private final ServerStore store;
  private final RouteTable routes;
  private final ServerTokens tokens;
  private final SpawnerConfig config;
  private final String baseUrl;
  private final Clock clock;
  private final ServerProbe probe;
  private final Duration activityInterval;
  private final Reconciler reconciler;
  private final SpawnAdmission admission;
  private final Map<ServerKey, ServerSlot> slots = new ConcurrentHashMap<>();
  private final Object activityLock = new Object();
  private volatile boolean closed;
  private Optional<Thread> activitySync = Optional.empty(); // guarded by activityLock

  /**
   * @param spawner starts, polls and stops the servers
   * @param servers the server rows (the source of truth)
   * @param routes the proxy's route table
   * @param tokens derives each spawn's server secret
   * @param events receives {@code server.start}, {@code server.stop}, {@code server.failure} and
   *     {@code server.refused}
   * @param config start timeout is the spawner's; stop grace period, environment and the spawn
   *     limits ({@code concurrentSpawns}, {@code pendingSpawnLimit}, {@code activeServerLimit}) are
   *     used here
   * @param baseUrl the deployment's base URL ({@code hub.baseUrl}, e.g. {@code /})
   */
  public ServerManager(
      Spawner spawner,
      ServerStore servers,
      RouteTable routes,
      ServerTokens tokens,
      EventSink events,
      SpawnerConfig config,
      String baseUrl,
      Clock clock) {
    this(
        spawner,
        servers,
        routes,
        tokens,
        events,
        config,
        baseUrl,
        clock,
        ServerProbe.http(),
        DEFAULT_ACTIVITY_INTERVAL,
        DEFAULT_ROUTE_TIMEOUT);
  }

  ServerManager(
      Spawner spawner,
      ServerStore servers,
      RouteTable routes,
      ServerTokens tokens,
      EventSink events,
      SpawnerConfig config,
      String baseUrl,
      Clock clock,
      ServerProbe probe,
      Duration activityInterval,
      Duration routeTimeout) {
    this.spawner = Objects.requireNonNull(spawner, "spawner");
    this.store = Objects.requireNonNull(servers, "servers");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.config = Objects.requireNonNull(config, "config");
    this.baseUrl = UrlPaths.normalizeBaseUrl(baseUrl);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.activityInterval = Objects.requireNonNull(activityInterval, "activityInterval");
    this.admission = new SpawnAdmission(config.pendingSpawnLimit(), config.activeServerLimit());
    this.reconciler =
        new Reconciler(
            spawner,
            servers,
            routes,
            Objects.requireNonNull(events, "events"),
            config,
            clock,
            admission,
            routeTimeout,
            () -> closed);
  }

  /**
   * Converges every server that may still be running after a hub (re)start, then starts the
   * periodic activity sync. Blocks until done; call once, before the hub serves requests. For each
   * row in {@code STARTING}, {@code RUNNING} or {@code STOPPING}, the spawner is polled:
   *
   * <ul>
   *   <li>running and {@code RUNNING}: the route is (re)added and the secret derived again;
   *   <li>running and {@code STARTING}: kept (marked {@code RUNNING}, routed) if it answers HTTP,
   *       else stopped;
   *   <li>running and {@code STOPPING}: the stop is finished;
   *   <li>gone: marked {@code STOPPED}, its route removed, leftover processes ended.
   * </ul>
   *
   * Routes of user servers that are not running are removed as well.
   */
  public void recover() {
    List<ServerRecord> rows = store.list();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ServerRecord row : rows) {
        if (row.state().mayBeRunning()) {
          executor.submit(() -> recoverOne(row));
        }
      }
    }
    removeStaleRoutes();
    spawner.removeOrphans(
        store.list().stream()
            .filter(row -> row.state().mayBeRunning())
            .filter(row -> row.spawnerKind().equals(spawner.kind()))
            .map(ServerRecord::spawnerState)
            .toList());
    startActivitySync();
  }

  /** The profiles {@code user} may choose on the spawn form (see {@link Spawner#profiles}). */
  public List<ProfileConfig> profiles(String user) {
    return spawner.profiles(user);
  }

  /** How many servers are running now (read from the store; blocking). */
  public long runningCount() {
    return store.list().stream().filter(r -> r.state() == ServerState.RUNNING).count();
  }

  /** The server's state; {@link ServerState#STOPPED} for a server the hub does not know. */
  /**
   * The views of the servers whose rows the caller already read (e.g. every row in one query), in
   * the same order; no further database reads for servers the hub has not touched since it started.
   */
  public List<ServerView> views(List<ServerRecord> rows) {
    List<ServerView> views = new ArrayList<>(rows.size());
    for (ServerRecord row : rows) {
      ServerKey key = new ServerKey(row.user(), row.name());
      ServerSlot slot = slots.get(key);
      if (slot == null) {
        views.add(
            viewOf(
                key,
                basePath(key),
                Optional.of(row),
                Optional.empty(),
                progress(Optional.of(row), Optional.empty())));
      } else {
        views.add(view(row.user(), row.name()));
      }
    }
    return views;
  }

  public ServerView view(String user, String serverName) {
    ServerKey key = new ServerKey(user, serverName);
    ServerSlot slot = slots.get(key);
    if (slot == null) {
      Optional<ServerRecord> row = store.find(user, serverName);
      return viewOf(key, basePath(key), row, Optional.empty(), progress(row, Optional.empty()));
    }
    synchronized (slot) {
      Optional<ServerRecord> row = slot.record(store);
      return viewOf(key, slot.basePath, row, slot.activity(), progress(row, slot.run()));
    }
  }

  /**
   * Asks for the server to run and returns at once (state {@code STARTING}); the spawn runs on a
   * virtual thread and reports through {@link #subscribe}. Does nothing but return the view while
   * the server is starting or running.
   *
   * @throws ServerBusyException while the server is stopping
   * @throws SpawnRefusedException if {@code spawner.pendingSpawnLimit} starts are pending or {@code
   *     spawner.activeServerLimit} servers are active (nothing is recorded; a {@code
   *     server.refused} event is published)
   * @throws dev.ganymede.hub.spawner.InvalidOptionsException if the spawner refuses {@code
   *     userOptions} (nothing is recorded)
   * @throws dev.ganymede.hub.store.NotFoundException if the user does not exist
   */
  @SuppressWarnings("try") // the MDC scope is the try block
  public ServerView start(String user, String serverName, Map<String, Object> userOptions) {
    Objects.requireNonNull(userOptions, "userOptions");
    spawner.validateOptions(user, userOptions);
    ServerSlot slot = slot(new ServerKey(user, serverName));
    synchronized (slot) {
      checkOpen();
      Optional<ServerRecord> row = slot.record(store);
      ServerState state = row.map(ServerRecord::state).orElse(ServerState.STOPPED);
      if (state == ServerState.STOPPING) {
        throw new ServerBusyException(
            "The server " + slot.basePath + " is stopping; try again when it has stopped");
      }
      if (state == ServerState.STARTING || state == ServerState.RUNNING) {
        return view(user, serverName);
      }
      admit(slot);
      String nonce = tokens.newNonce();
      SpawnRun run = new SpawnRun(UUID.randomUUID().toString());
      run.publish(ProgressEvent.progress(0, "Server requested")); // nobody can listen yet
      try {
        slot.save(
            store,
            new ServerRecord(
                user,
                serverName,
                ServerState.STARTING,
                spawner.kind(),
                SpawnerState.EMPTY,
                Optional.empty(),
                nonce,
                Optional.empty(),
                row.flatMap(ServerRecord::lastActivity),
                Optional.empty()));
      } catch (RuntimeException e) {
        slot.recount(); // the row did not change: give the place back
        throw e;
      }
      slot.token(Optional.of(tokens.token(user, serverName, nonce)));
      slot.beginRun(run, userOptions);
      slot.desire(ServerSlot.Desired.RUNNING);
      try (LifecycleMdc mdc = LifecycleMdc.of(slot.key, run.spawnId())) {
        log.info("Server requested");
      }
      ensureWorker(slot);
      return view(user, serverName);
    }
  }

  /** Counts a start against the spawn limits, or publishes {@code server.refused} and throws. */
  @SuppressWarnings("try") // the MDC scope is the try block
  private void admit(ServerSlot slot) {
    try {
      slot.admit();
    } catch (SpawnRefusedException e) {
      try (LifecycleMdc mdc = LifecycleMdc.of(slot.key, "-")) {
        log.warn(
            "Start refused ({}): {} pending, {} active",
            e.reason().metricStatus(),
            admission.pending(),
            admission.active());
      }
      reconciler.publishEvent(
          "server.refused",
          slot,
          "failure",
          Map.of(
              "reason",
              e.reason().metricStatus(),
              "retryAfterSeconds",
              Long.toString(e.retryAfter().toSeconds())));
      throw e;
    }
  }

  /** How many starts are pending (queued or starting) now; served from memory. */
  public int pendingCount() {
    return admission.pending();
  }

  /** How many servers are active (starting, running or stopping) now; served from memory. */
  public int activeCount() {
    return admission.active();
  }

  /**
   * Asks for the server to stop and returns at once (state {@code STOPPING}, or the current state
   * if it is not running). A start in progress is cancelled: its thread is interrupted and the
   * spawner undoes what it started.
   */
  @SuppressWarnings("try") // the MDC scope is the try block
  public ServerView stop(String user, String serverName) {
    ServerSlot slot = slot(new ServerKey(user, serverName));
    synchronized (slot) {
      checkOpen();
      Optional<ServerRecord> row = slot.record(store);
      if (row.isEmpty() || !row.get().state().mayBeRunning()) {
        return view(user, serverName);
      }
      slot.desire(ServerSlot.Desired.STOPPED);
      if (row.get().state() != ServerState.STOPPING) {
        slot.save(store, row.get().withState(ServerState.STOPPING));
      }
      try (LifecycleMdc mdc = LifecycleMdc.of(slot.key, spawnId(slot))) {
        log.info("Server stop requested");
      }
      if (slot.spawning()) {
        slot.worker().ifPresent(Thread::interrupt);
      }
      ensureWorker(slot);
      return view(user, serverName);
    }
  }

  /**
   * Delivers the current spawn's progress events to {@code listener}: those so far at once (on this
   * thread), then live ones (on the spawning thread) until the final {@code ready} or {@code
   * failed} event. Without a spawn since the hub started, a running server yields one ready event,
   * a failed one one failed event, and a stopped one none. Closing the returned handle
   * unsubscribes; the listener must not block.
   */
  public AutoCloseable subscribe(String user, String serverName, Consumer<ProgressEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    ServerSlot slot = slot(new ServerKey(user, serverName));
    Optional<SpawnRun> run;
    Optional<ProgressEvent> summary = Optional.empty();
    synchronized (slot) {
      run = slot.run();
      if (run.isEmpty()) {
        Optional<ServerRecord> row = slot.record(store);
        ServerState state = row.map(ServerRecord::state).orElse(ServerState.STOPPED);
        if (state == ServerState.RUNNING) {
          summary = Optional.of(ProgressEvent.ready(slot.basePath));
        } else if (state == ServerState.FAILED) {
          summary =
              Optional.of(
                  ProgressEvent.failed(
                      "Spawn failed: "
                          + row.flatMap(ServerRecord::failure).orElse("unknown reason")));
        }
      }
    }
    // Listeners run outside the slot's monitor (lock order: see SpawnRun).
    if (run.isPresent()) {
      return run.get().subscribe(listener);
    }
    summary.ifPresent(listener);
    return () -> {};
  }

  /**
   * The secret the proxy must add to requests it forwards to this server (header {@code
   * X-Ganymede-Server-Token}); empty unless the server is starting, running or stopping. Served
   * from memory, never from the store: safe on the proxy's hot path (does not block).
   */
  public Optional<String> serverToken(String user, String serverName) {
    ServerSlot slot = slots.get(new ServerKey(user, serverName));
    return slot == null ? Optional.empty() : slot.token();
  }

  /**
   * The server whose current secret token this is (compared in constant time), if any: a
   * single-user server authenticating to the hub API with its {@code JUPYTERHUB_API_TOKEN}. Served
   * from memory; does not block.
   */
  public Optional<ServerName> serverOfToken(String token) {
    Objects.requireNonNull(token, "token");
    byte[] given = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (ServerSlot slot : slots.values()) {
      Optional<String> own = slot.token();
      if (own.isPresent()
          && java.security.MessageDigest.isEqual(
              given, own.get().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        return Optional.of(new ServerName(slot.key.user(), slot.key.name()));
      }
    }
    return Optional.empty();
  }

  /**
   * Copies each user route's last activity from the route table into the store (only when it
   * moved). Runs every 30 seconds after {@link #recover()}, and for a server when it stops.
   */
  public void syncActivity() {
    Map<String, RouteEntry> entries;
    try {
      entries = reconciler.await(routes.list());
    } catch (RuntimeException e) {
      log.warn("Cannot read route activity", e);
      return;
    }
    for (RouteEntry entry : entries.values()) {
      routeKey(entry.route()).map(slots::get).ifPresent(slot -> touch(slot, entry.lastActivity()));
    }
  }

  /**
   * Stops background work: the activity sync, and spawns in progress (their threads are
   * interrupted; the spawner ends what it started and the rows are converged by the next {@link
   * #recover()}). Running servers keep running. Later calls to {@link #start} and {@link #stop}
   * throw {@link IllegalStateException}.
   */
  public void close() {
    closed = true;
    synchronized (activityLock) {
      activitySync.ifPresent(Thread::interrupt);
      activitySync = Optional.empty();
    }
    List<Thread> workers = new ArrayList<>();
    for (ServerSlot slot : slots.values()) {
      synchronized (slot) {
        slot.worker().ifPresent(workers::add);
        if (slot.spawning()) {
          slot.worker().ifPresent(Thread::interrupt);
        }
      }
    }
    for (Thread worker : workers) {
      try {
        worker.join(config.stopGracePeriod().plusSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void ensureWorker(ServerSlot slot) {
    if (slot.worker().isPresent()) {
      return;
    }
    Thread worker =
        Thread.ofVirtual().name("server-" + slot.key.subject()).unstarted(() -> work(slot));
    slot.worker(Optional.of(worker));
    worker.start();
  }

  /** The worker loop: one step at a time until the server is where its owner wants it. */
  @SuppressWarnings("try") // the MDC scope is the try block
  private void work(ServerSlot slot) {
    while (true) {
      Reconciler.Step step;
      synchronized (slot) {
        step = closed ? Reconciler.Step.NONE : reconciler.next(slot);
        if (step == Reconciler.Step.NONE) {
          slot.worker(Optional.empty());
          return;
        }
        slot.spawning(step == Reconciler.Step.SPAWN);
      }
      try (LifecycleMdc mdc = LifecycleMdc.of(slot.key, spawnId(slot))) {
        if (step == Reconciler.Step.SPAWN) {
          reconciler.spawn(slot);
        } else {
          reconciler.stop(slot, this::copyActivity);
          synchronized (slot) {
            if (slot.state(store) == ServerState.STOPPING) {
              slot.worker(Optional.empty()); // stop failed: leave it for recovery
              return;
            }
          }
        }
      } catch (RuntimeException e) {
        log.error("Lifecycle step {} failed; the server is left for the next recovery", step, e);
        synchronized (slot) {
          slot.spawning(false);
          slot.worker(Optional.empty());
        }
        slot.run().ifPresent(r -> r.publish(ProgressEvent.failed("Spawn failed: internal error")));
        return;
      }
    }
  }

  @SuppressWarnings("try") // the MDC scope is the try block
  private void recoverOne(ServerRecord row) {
    ServerKey key = new ServerKey(row.user(), row.name());
    ServerSlot slot = slot(key);
    slot.adopt(row);
    try (LifecycleMdc mdc = LifecycleMdc.of(key, "recover")) {
      ServerStatus status = poll(row);
      log.info("Recovering server in state {}: spawner reports {}", row.state(), status);
      String token = tokens.token(row.user(), row.name(), row.tokenNonce());
      if (status == ServerStatus.RUNNING) {
        slot.token(Optional.of(token));
        if (row.state() == ServerState.STARTING && !answers(slot, row, token)) {
          log.info("Server was starting and does not answer; stopping it");
          stopDuringRecovery(slot, row);
        } else if (row.state() == ServerState.STOPPING) {
          stopDuringRecovery(slot, row);
        } else {
          markRunning(slot, row);
        }
      } else {
        markStopped(slot, row);
      }
    } catch (RuntimeException e) {
      log.error("Recovering the server failed; it stays in state {}", row.state(), e);
    }
  }

  private ServerStatus poll(ServerRecord row) {
    if (!row.spawnerKind().equals(spawner.kind())) {
      log.warn(
          "Server was started by spawner '{}' but this hub uses '{}'; treating it as stopped",
          row.spawnerKind(),
          spawner.kind());
      return ServerStatus.STOPPED;
    }
    return spawner.poll(row.spawnerState());
  }

  private boolean answers(ServerSlot slot, ServerRecord row, String token) {
    return row.url().map(url -> probe.answers(apiUri(url, slot.basePath), token)).orElse(false);
  }

  private void markRunning(ServerSlot slot, ServerRecord row) {
    URI url = row.url().orElseThrow(() -> new IllegalStateException("running server has no URL"));
    if (row.state() != ServerState.RUNNING) {
      slot.save(store, row.withState(ServerState.RUNNING).withFailure(Optional.empty()));
    }
    try {
      reconciler.await(routes.put(routeOf(slot, row.user(), row.name(), url)));
    } catch (RuntimeException e) {
      log.warn(
          "Cannot add the route {} now; the route check adds it later: {}",
          slot.routePrefix,
          e.getMessage());
    }
    log.info("Server reattached at {}", url);
  }

  private void markStopped(ServerSlot slot, ServerRecord row) {
    try {
      reconciler.await(routes.remove(slot.routePrefix));
    } catch (RuntimeException e) {
      log.warn("Cannot remove the route {}", slot.routePrefix, e);
    }
    if (row.spawnerKind().equals(spawner.kind())) {
      spawner.stop(row.spawnerState(), config.stopGracePeriod()); // ends leftovers, if any
    }
    slot.save(
        store,
        row.withState(ServerState.STOPPED)
            .withUrl(Optional.empty())
            .withSpawnerState(SpawnerState.EMPTY));
    slot.token(Optional.empty());
    log.info("Server is gone; marked stopped");
  }

  private void stopDuringRecovery(ServerSlot slot, ServerRecord row) {
    slot.desire(ServerSlot.Desired.STOPPED);
    if (row.state() != ServerState.STOPPING) {
      slot.save(store, row.withState(ServerState.STOPPING));
    }
    reconciler.stop(slot, this::copyActivity);
  }

  private void removeStaleRoutes() {
    Map<String, RouteEntry> entries;
    try {
      entries = reconciler.await(routes.list());
    } catch (RuntimeException e) {
      log.warn("Cannot list routes to remove stale ones", e);
      return;
    }
    Set<String> keep = new HashSet<>();
    for (ServerSlot slot : slots.values()) {
      if (slot.cachedRecord().filter(r -> r.state() == ServerState.RUNNING).isPresent()) {
        keep.add(slot.routePrefix);
      }
    }
    for (RouteEntry entry : entries.values()) {
      Route route = entry.route();
      if (routeKey(route).isPresent() && !keep.contains(route.prefix())) {
        log.info("Removing stale route {}", route.prefix());
        try {
          reconciler.await(routes.remove(route.prefix()));
        } catch (RuntimeException e) {
          log.warn("Cannot remove the stale route {}", route.prefix(), e);
        }
      }
    }
  }

  private void startActivitySync() {
    synchronized (activityLock) {
      if (closed || activitySync.isPresent()) {
        return;
      }
      activitySync =
          Optional.of(
              Thread.ofVirtual()
                  .name("server-activity-sync")
                  .start(
                      () -> {
                        while (!closed) {
                          try {
                            Thread.sleep(activityInterval);
                          } catch (InterruptedException e) {
                            return;
                          }
                          syncActivity();
                        }
                      }));
    }
  }

  /**
   * Makes the route table match the running servers: adds missing routes, fixes wrong targets,
   * removes routes of user servers that are not running, and copies route activity into the store.
   * Used with an external proxy, at start and every {@code proxy.checkRoutesInterval}, so that a
   * restarted proxy is healed. A proxy that cannot be reached is logged and left alone: servers are
   * never stopped because of it. Blocking; call from a virtual thread.
   *
   * @return how many routes were added or removed, or empty if the proxy could not be reached
   */
  public Optional<Integer> reconcileRoutes() {
    Map<String, RouteEntry> entries;
    try {
      entries = reconciler.await(routes.list());
    } catch (RuntimeException e) {
      log.warn("Cannot list the proxy's routes (will retry): {}", e.getMessage());
      return Optional.empty();
    }
    int changed = 0;
    Set<String> running = new HashSet<>();
    for (ServerSlot slot : slots.values()) {
      Optional<ServerRecord> row =
          slot.cachedRecord().filter(r -> r.state() == ServerState.RUNNING && r.url().isPresent());
      if (row.isEmpty()) {
        continue;
      }
      running.add(slot.routePrefix);
      URI url = row.get().url().get();
      RouteEntry entry = entries.get(slot.routePrefix);
      if (entry != null && entry.route().target().equals(url)) {
        touch(slot, entry.lastActivity());
        continue;
      }
      log.info("Adding missing route {} -> {}", slot.routePrefix, url);
      try {
        reconciler.await(routes.put(routeOf(slot, row.get().user(), row.get().name(), url)));
        changed++;
      } catch (RuntimeException e) {
        log.warn("Cannot add the route {} (will retry): {}", slot.routePrefix, e.getMessage());
      }
    }
    for (RouteEntry entry : entries.values()) {
      Route route = entry.route();
      if (routeKey(route).isPresent() && !running.contains(route.prefix())) {
        ServerSlot slot = slots.get(routeKey(route).get());
        boolean busy =
            slot != null
                && slot.cachedRecord()
                    .filter(
                        r -> r.state() == ServerState.STARTING || r.state() == ServerState.RUNNING)
                    .isPresent();
        if (busy) {
          continue; // a spawn is adding it right now
        }
        log.info("Removing stale route {}", route.prefix());
        try {
          reconciler.await(routes.remove(route.prefix()));
          changed++;
        } catch (RuntimeException e) {
          log.warn("Cannot remove the stale route {}: {}", route.prefix(), e.getMessage());
        }
      }
    }
    return Optional.of(changed);
  }

  private Route routeOf(ServerSlot slot, String user, String name, URI url) {
    return userRoute(slot.routePrefix, user, name, url, config.singleuser());
  }

  /**
   * The route of one user's server, with the data the proxy's interceptors read: owner, server name
   * and who signs users in ({@code oauth}: a jupyterhub-singleuser server itself; {@code
   * hub-session}: the hub, for plain JupyterLab servers).
   */
  static Route userRoute(String prefix, String user, String name, URI url, boolean singleuser) {
    return new Route(
        prefix,
        url,
        Map.of(
            "user",
            user,
            "server_name",
            name,
            ROUTE_AUTH_KEY,
            singleuser ? ROUTE_AUTH_OAUTH : ROUTE_AUTH_HUB_SESSION));
  }

  /** Copies one server's route activity into the store (before its route is removed). */
  private void copyActivity(ServerSlot slot) {
    try {
      Map<String, RouteEntry> entries = reconciler.await(routes.list());
      RouteEntry entry = entries.get(slot.routePrefix);
      if (entry != null) {
        touch(slot, entry.lastActivity());
      }
    } catch (RuntimeException e) {
      log.warn("Cannot copy the activity of {}", slot.routePrefix, e);
    }
  }

  private void touch(ServerSlot slot, Instant at) {
    if (slot.touched(at)) {
      try {
        store.touch(slot.key.user(), slot.key.name(), at);
      } catch (RuntimeException e) {
        log.warn("Cannot record the activity of {}", slot.key.subject(), e);
      }
    }
  }

  /** The server a route leads to, if it is a user server route this manager made. */
  private Optional<ServerKey> routeKey(Route route) {
    if (!(route.data().get("user") instanceof String user)) {
      return Optional.empty();
    }
    String name = route.data().get("server_name") instanceof String s ? s : "";
    return Optional.of(new ServerKey(user, name));
  }

  private ServerSlot slot(ServerKey key) {
    return slots.computeIfAbsent(key, k -> new ServerSlot(k, basePath(k), admission));
  }

  private String basePath(ServerKey key) {
    return UrlPaths.basePath(baseUrl, key.user(), key.name());
  }

  private static String spawnId(ServerSlot slot) {
    return slot.run().map(SpawnRun::spawnId).orElse("-");
  }

  private static URI apiUri(URI server, String basePath) {
    return URI.create(server.toString().replaceAll("/+$", "") + basePath + "api");
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the server manager is closed");
    }
  }

  /** 100 when running or failed, the spawn's progress while starting, else 0. */
  private static int progress(Optional<ServerRecord> row, Optional<SpawnRun> run) {
    return switch (row.map(ServerRecord::state).orElse(ServerState.STOPPED)) {
      case RUNNING, FAILED -> 100;
      case STARTING -> run.map(SpawnRun::progress).orElse(0);
      case STOPPING, STOPPED -> 0;
    };
  }

  private static ServerView viewOf(
      ServerKey key,
      String basePath,
      Optional<ServerRecord> row,
      Optional<Instant> activity,
      int progress) {
    Optional<Instant> stored = row.flatMap(ServerRecord::lastActivity);
    Optional<Instant> last =
        stored.isPresent() && activity.isPresent()
            ? Optional.of(stored.get().isAfter(activity.get()) ? stored.get() : activity.get())
            : stored.or(() -> activity);
    return new ServerView(
        key.user(),
        key.name(),
        row.map(ServerRecord::state).orElse(ServerState.STOPPED),
        basePath,
        row.flatMap(ServerRecord::failure),
        last,
        progress,
        row.flatMap(ServerRecord::startedAt));
  }
}
