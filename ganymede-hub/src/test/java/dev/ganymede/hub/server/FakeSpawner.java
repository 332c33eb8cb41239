package dev.ganymede.hub.server;

import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A spawner whose "servers" are ids in a set. Starts checkpoint, report progress, then wait for
 * their user's gate in {@link #userGates}, else {@link #startGate} (interruptible, like a real
 * spawner) and succeed or fail with {@link #failWith}; stops wait for {@link #stopGate}. {@link
 * #inFlight} and {@link #maxInFlight} count the starts under way.
 */
final class FakeSpawner implements Spawner {
  final Set<String> running = ConcurrentHashMap.newKeySet();
  final List<SpawnRequest> requests = new CopyOnWriteArrayList<>();
  final List<SpawnerState> stops = new CopyOnWriteArrayList<>();
  final AtomicInteger cancelled = new AtomicInteger();
  final Map<String, CompletableFuture<Void>> userGates = new ConcurrentHashMap<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile CompletableFuture<Void> startGate = CompletableFuture.completedFuture(null);
  volatile CompletableFuture<Void> stopGate = CompletableFuture.completedFuture(null);
  volatile Optional<String> failWith = Optional.empty();
  private final AtomicInteger ids = new AtomicInteger();
  private final Journal journal;

  FakeSpawner(Journal journal) {
    this.journal = journal;
  }

  @Override
  public String kind() {
    return "fake";
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      return startGated(request, context);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private RunningServer startGated(SpawnRequest request, SpawnContext context) {
    journal.add("spawner.start " + request.user() + "/" + request.serverName());
    requests.add(request);
    int n = ids.incrementAndGet();
    String id = "s" + n;
    SpawnerState state = new SpawnerState(Map.of("id", id));
    context.checkpoint(state);
    running.add(id);
    context.progress(50, "Fake server starting");
    try {
      userGates.getOrDefault(request.user(), startGate).get();
    } catch (InterruptedException e) {
      running.remove(id);
      cancelled.incrementAndGet();
      throw new SpawnException("Start cancelled");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    if (failWith.isPresent()) {
      running.remove(id);
      throw new SpawnException(failWith.get());
    }
    return new RunningServer(URI.create("http://127.0.0.1:" + (40000 + n)), state);
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    return state.string("id").filter(running::contains).isPresent()
        ? ServerStatus.RUNNING
        : ServerStatus.STOPPED;
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    journal.add("spawner.stop " + state.string("id").orElse("-"));
    stopGate.join();
    state.string("id").ifPresent(running::remove);
    stops.add(state);
  }

  /** Marks a server as running, as if a previous hub had started it. */
  SpawnerState alreadyRunning(String id) {
    running.add(id);
    return new SpawnerState(Map.of("id", id));
  }
}
