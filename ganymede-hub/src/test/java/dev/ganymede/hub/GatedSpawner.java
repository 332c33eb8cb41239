package dev.ganymede.hub;

import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnException;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerProvider;
import dev.ganymede.hub.spawner.SpawnerState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code spawner.type: gated}, for hub tests (registered through the tests' {@code
 * META-INF/services}): a start waits until the test opens its user's gate, then "runs" at an
 * address nobody serves. The hub made with a data directory finds its spawner with {@link #of}.
 *
 * <pre>{@code
 * Hub hub = Hub.start(config.withSpawner(GatedSpawner.config(...)), line -> {});
 * GatedSpawner.of(dataDir).open("alice");   // alice's start finishes
 * }</pre>
 */
final class GatedSpawner implements Spawner {
  static final String KIND = "gated";
  private static final Map<Path, GatedSpawner> BY_DATA_DIR = new ConcurrentHashMap<>();

  private final Map<String, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  /** The spawner of the hub whose {@code hub.dataDir} is {@code dataDir}. */
  static GatedSpawner of(Path dataDir) {
    GatedSpawner spawner = BY_DATA_DIR.get(dataDir);
    if (spawner == null) {
      throw new IllegalStateException("no gated spawner was made for " + dataDir);
    }
    return spawner;
  }

  /** Lets {@code user}'s start (now or later) finish. */
  void open(String user) {
    gate(user).complete(null);
  }

  /** Spawner starts under way now. */
  int inFlight() {
    return inFlight.get();
  }

  /** The most spawner starts that were ever under way at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  /** How many times {@link #start} was called. */
  int calls() {
    return calls.get();
  }

  private CompletableFuture<Void> gate(String user) {
    return gates.computeIfAbsent(user, u -> new CompletableFuture<>());
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    calls.incrementAndGet();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      String id = request.user() + "/" + request.serverName();
      SpawnerState state = new SpawnerState(Map.of("id", id));
      context.checkpoint(state);
      context.progress(50, "Waiting at the gate");
      gate(request.user()).get();
      running.add(id);
      return new RunningServer(URI.create("http://127.0.0.1:9"), state);
    } catch (InterruptedException e) {
      throw new SpawnException("Start cancelled");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    return state.string("id").filter(running::contains).isPresent()
        ? ServerStatus.RUNNING
        : ServerStatus.STOPPED;
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    state.string("id").ifPresent(running::remove);
  }

  /** Makes the gated spawner of a hub and remembers it by the hub's data directory. */
  public static final class Provider implements SpawnerProvider {
    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Spawner create(Environment environment) {
      GatedSpawner spawner = new GatedSpawner();
      BY_DATA_DIR.put(environment.config().hub().dataDir(), spawner);
      return spawner;
    }
  }
}
