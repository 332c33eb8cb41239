package dev.ganymede.hub.server;

import dev.ganymede.hub.config.SpawnerConfig;
import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import dev.ganymede.hub.store.ServerRecord;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.hub.store.ServerStore;
import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.RouteTable;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps that move one server toward what its owner asked for: spawn ({@code STARTING → RUNNING}
 * or {@code FAILED}) and stop ({@code STOPPING → STOPPED}). Each step writes the state it promises
 * to the store before the side effect becomes visible: {@code RUNNING} before the route is added,
 * the route removed before the process is stopped, {@code STOPPED} only after it is.
 *
 * <p>Steps of one server run on that server's worker thread only (see {@link ServerManager}), one
 * at a time; steps of different servers run concurrently.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final int STOP_ATTEMPTS = 3;

  private final Spawner spawner;
  private final ServerStore store;
  private final RouteTable routes;
  private final EventSink events;
  private final SpawnerConfig config;
  private final Clock clock;
  private final SpawnQueue spawnQueue;
  private final SpawnAdmission admission;
  private final Duration routeTimeout;
  private final BooleanSupplier closed;

  Reconciler(
      Spawner spawner,
      ServerStore store,
      RouteTable routes,
      EventSink events,
      SpawnerConfig config,
      Clock clock,
      SpawnAdmission admission,
      Duration routeTimeout,
      BooleanSupplier closed) {
    this.spawner = spawner;
    this.store = store;
    this.routes = routes;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.spawnQueue = new SpawnQueue(config.concurrentSpawns());
    this.admission = admission;
    this.routeTimeout = routeTimeout;
    this.closed = closed;
  }

  /** What a server's worker should do next. */
  enum Step {
    NONE,
    SPAWN,
    STOP
  }

  /** The next step for {@code slot}; call with the slot's monitor held. */
  Step next(ServerSlot slot) {
    ServerState state = slot.state(store);
    if (state == ServerState.STARTING && slot.desired() == ServerSlot.Desired.RUNNING) {
      return Step.SPAWN;
    }
    if (state == ServerState.STOPPING) {
      return Step.STOP;
    }
    return Step.NONE;
  }

  /**
   * Starts the server: waits for a spawn permit, calls the spawner, then records RUNNING and adds
   * the route, or records FAILED. If a stop was requested meanwhile (the thread is interrupted),
   * leaves the row STOPPING for the stop step.
   */
  void spawn(ServerSlot slot) {
    SpawnRun run = slot.run().orElseThrow();
    Instant begun = clock.instant();
    Optional<RunningServer> started = Optional.empty();
    Optional<String> failure = Optional.empty();
    try {
      acquirePermit(run);
      try {
        run.publish(ProgressEvent.progress(1, "Starting the server"));
        Instant called = clock.instant();
        started = Optional.of(spawner.start(request(slot), context(slot, run)));
        admission.spawnTook(Duration.between(called, clock.instant()));
      } finally {
        spawnQueue.release();
      }
    } catch (InterruptedException e) {
      failure = Optional.of("Start cancelled");
    } catch (SpawnException e) {
      failure = Optional.of(e.getMessage());
      log.info("Spawn failed: {}", e.getMessage(), e.getCause());
    } catch (RuntimeException e) {
      failure =
          Optional.of("Internal error while starting the server (spawn " + run.spawnId() + ")");
      log.error("Spawner failed unexpectedly", e);
    } finally {
      synchronized (slot) {
        slot.spawning(false);
        Thread.interrupted(); // a stop request's interrupt is consumed here, not by later steps
      }
    }
    if (closed.getAsBoolean()) {
      log.info("Hub closing: leaving the server's row for recovery at the next start");
      return;
    }
    if (started.isPresent()) {
      onStarted(slot, run, started.get(), begun);
    } else {
      onFailed(slot, run, failure.orElse("Start failed"));
    }
  }

  private void onStarted(ServerSlot slot, SpawnRun run, RunningServer server, Instant begun) {
    ServerRecord running;
    synchronized (slot) {
      ServerRecord current = slot.cachedRecord().orElseThrow();
      if (slot.desired() == ServerSlot.Desired.STOPPED) {
        // A stop arrived as the start finished: keep STOPPING, with what is needed to stop it.
        slot.save(
            store, current.withSpawnerState(server.state()).withUrl(Optional.of(server.url())));
        return;
      }
      running =
          new ServerRecord(
              current.user(),
              current.name(),
              ServerState.RUNNING,
              spawner.kind(),
              server.state(),
              Optional.of(server.url()),
              current.tokenNonce(),
              Optional.of(clock.instant()),
              current.lastActivity(),
              Optional.empty());
      slot.save(store, running);
    }
    try {
      await(routes.put(route(slot, server)));
    } catch (RuntimeException e) {
      log.error("Cannot add the route {} for a started server; stopping it", slot.routePrefix, e);
      onFailed(slot, run, "Could not route traffic to the server: " + e.getMessage());
      return;
    }
    Duration took = Duration.between(begun, clock.instant());
    log.info("Server running at {} after {} ms", server.url(), took.toMillis());
    run.publish(ProgressEvent.ready(slot.basePath));
    publishEvent(
        "server.start",
        slot,
        "success",
        Map.of("spawn", run.spawnId(), "durationMs", Long.toString(took.toMillis())));
  }

  private void onFailed(ServerSlot slot, SpawnRun run, String reason) {
    SpawnerState leftover =
        slot.cachedRecord().map(ServerRecord::spawnerState).orElse(SpawnerState.EMPTY);
    synchronized (slot) {
      if (slot.desired() == ServerSlot.Desired.STOPPED) {
        return; // the row is STOPPING: the stop step cleans up and ends the run
      }
    }
    if (!leftover.values().isEmpty()) {
      try {
        spawner.stop(leftover, config.stopGracePeriod());
      } catch (RuntimeException e) {
        log.warn("Cleaning up after the failed start failed", e);
      }
    }
    synchronized (slot) {
      ServerRecord current = slot.cachedRecord().orElseThrow();
      if (current.state() == ServerState.STOPPING) {
        return;
      }
      slot.save(
          store,
          current
              .withState(ServerState.FAILED)
              .withUrl(Optional.empty())
              .withSpawnerState(SpawnerState.EMPTY)
              .withFailure(Optional.of(reason)));
      slot.token(Optional.empty());
      slot.desire(ServerSlot.Desired.NONE);
    }
    run.publish(ProgressEvent.failed("Spawn failed: " + reason));
    publishEvent(
        "server.failure", slot, "failure", Map.of("spawn", run.spawnId(), "reason", reason));
  }

  /**
   * Stops the server whose row is STOPPING: copies its activity, removes its route, stops it
   * through the spawner (a few attempts), then records STOPPED. If the spawner keeps failing, the
   * row stays STOPPING and the hub's next recovery tries again.
   */
  void stop(ServerSlot slot, ActivityCopier activity) {
    ServerRecord stopping = slot.cachedRecord().orElseThrow();
    Instant begun = clock.instant();
    String spawnId = slot.run().map(SpawnRun::spawnId).orElse("-");
    activity.copy(slot);
    try {
      await(routes.remove(slot.routePrefix));
    } catch (RuntimeException e) {
      log.warn("Cannot remove the route {}; stopping the server anyway", slot.routePrefix, e);
    }
    RuntimeException lastError = null;
    for (int attempt = 1; attempt <= STOP_ATTEMPTS; attempt++) {
      try {
        spawner.stop(stopping.spawnerState(), config.stopGracePeriod());
        lastError = null;
        break;
      } catch (RuntimeException e) {
        lastError = e;
        log.warn("Stopping the server failed (attempt {} of {})", attempt, STOP_ATTEMPTS, e);
        if (!pause(Duration.ofSeconds(1L << (attempt - 1)))) {
          break;
        }
      }
    }
    if (lastError != null) {
      publishEvent(
          "server.failure",
          slot,
          "failure",
          Map.of("spawn", spawnId, "reason", "stop failed: " + lastError.getMessage()));
      return;
    }
    synchronized (slot) {
      ServerRecord current = slot.cachedRecord().orElseThrow();
      slot.save(
          store,
          current
              .withState(ServerState.STOPPED)
              .withUrl(Optional.empty())
              .withSpawnerState(SpawnerState.EMPTY)
              .withFailure(Optional.empty()));
      slot.token(Optional.empty());
      slot.desire(ServerSlot.Desired.NONE);
    }
    slot.run().ifPresent(r -> r.publish(ProgressEvent.failed("Spawn cancelled")));
    log.info("Server stopped");
    publishEvent(
        "server.stop",
        slot,
        "success",
        Map.of(
            "spawn",
            spawnId,
            "durationMs",
            Long.toString(Duration.between(begun, clock.instant()).toMillis())));
  }

  /** Waits for a turn in the spawn queue, telling the spawn's listeners their place. */
  private void acquirePermit(SpawnRun run) throws InterruptedException {
    spawnQueue.acquire(ahead -> run.publishTransient(queued(ahead)));
  }

  static ProgressEvent queued(int ahead) {
    return ProgressEvent.progress(
        0,
        "Waiting for other servers to finish starting: "
            + (ahead == 0 ? "next in line" : ahead + " ahead in the queue"));
  }

  private SpawnRequest request(ServerSlot slot) {
    return new SpawnRequest(
        slot.key.user(),
        slot.key.name(),
        slot.basePath,
        slot.token().orElseThrow(),
        config.environment(),
        slot.userOptions());
  }

  private SpawnContext context(ServerSlot slot, SpawnRun run) {
    return new SpawnContext() {
      @Override
      public void progress(int percent, String message) {
        run.publish(ProgressEvent.progress(Math.max(0, Math.min(99, percent)), message));
      }

      @Override
      public void checkpoint(SpawnerState state) {
        synchronized (slot) {
          ServerRecord current = slot.cachedRecord().orElseThrow();
          slot.save(store, current.withSpawnerState(state));
        }
      }
    };
  }

  private Route route(ServerSlot slot, RunningServer server) {
    return ServerManager.userRoute(
        slot.routePrefix, slot.key.user(), slot.key.name(), server.url(), config.singleuser());
  }

  /** Waits for a route table operation; its failure or a timeout becomes an exception. */
  <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(routeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the route table", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("route table did not answer within " + routeTimeout, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }

  void publishEvent(String type, ServerSlot slot, String outcome, Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("server", slot.key.name());
    try {
      events.publish(
          new HubEvent(clock.instant(), type, "system", slot.key.subject(), "", outcome, all));
    } catch (RuntimeException e) {
      log.warn("Event sink failed for {}", type, e);
    }
  }

  private static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Copies the route's last activity into the store before the route goes away. */
  @FunctionalInterface
  interface ActivityCopier {
    void copy(ServerSlot slot);
  }
}
