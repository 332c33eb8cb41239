package dev.ganymede.hub.spawner.nullspawner;

import dev.ganymede.hub.spawner.RunningServer;
import dev.ganymede.hub.spawner.ServerStatus;
import dev.ganymede.hub.spawner.SpawnContext;
import dev.ganymede.hub.spawner.SpawnRequest;
import dev.ganymede.hub.spawner.Spawner;
import dev.ganymede.hub.spawner.SpawnerState;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A spawner that starts nothing: every server "runs" at one configured URL ({@code
 * spawner.nullTarget}, an always-up backend). The hub still goes through its whole lifecycle
 * (progress, checkpoint, route, ready, stop), so benchmarks and tests measure the hub's own
 * overhead. Stateless and thread-safe.
 *
 * <pre>{@code
 * Spawner spawner = new NullSpawner(URI.create("http://127.0.0.1:9999"));
 * }</pre>
 */
public final class NullSpawner implements Spawner {

  /** The kind stored with each server, as in {@code spawner.type: null}. */
  public static final String KIND = "null";

  private static final String TARGET = "target";

  private final URI target;

  public NullSpawner(URI target) {
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public RunningServer start(SpawnRequest request, SpawnContext context) {
    Objects.requireNonNull(request, "request");
    SpawnerState state = new SpawnerState(Map.of(TARGET, target.toString()));
    context.checkpoint(state);
    context.progress(50, "Null spawner: nothing to start");
    return new RunningServer(target, state);
  }

  @Override
  public ServerStatus poll(SpawnerState state) {
    return state.string(TARGET).isPresent() ? ServerStatus.RUNNING : ServerStatus.STOPPED;
  }

  @Override
  public void stop(SpawnerState state, Duration grace) {
    // nothing was started
  }
}
