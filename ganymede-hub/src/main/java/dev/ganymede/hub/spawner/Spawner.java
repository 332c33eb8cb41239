package dev.ganymede.hub.spawner;

import dev.ganymede.hub.config.ProfileConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Starts, watches and stops users' Jupyter servers. One implementation per kind of place a server
 * can run: a local process ({@code local}), a Kubernetes pod ({@code kubernetes}, module {@code
 * ganymede-kubernetes}, found through {@link SpawnerProvider}), nothing at all ({@code null}, for
 * benchmarks, later).
 *
 * <h2>Threading and ownership</h2>
 *
 * <p>Every method blocks and is called by the hub's server lifecycle manager on a virtual thread,
 * never on an event loop. The manager guarantees at most one call in flight per server (user +
 * server name) at a time, so implementations need no per-server locking; calls for different
 * servers run concurrently. A start may be cancelled by interrupting its thread (the user pressed
 * stop, or the hub is shutting down): the spawner then undoes what it started and throws {@link
 * SpawnException}.
 *
 * <h2>Crash safety</h2>
 *
 * <p>Before a spawner creates anything that could outlive the hub (a process, a pod), it records
 * how to find it with {@link SpawnContext#checkpoint(SpawnerState)}; the manager writes that state
 * to the database before returning. A hub that crashes at any point therefore finds, on restart,
 * every server that might still be running, asks {@link #poll} about it, and reattaches or clears
 * it.
 *
 * <pre>{@code
 * RunningServer server = spawner.start(request, context);   // progress events flow to the page
 * // ... later, maybe after a hub restart, with the state read back from the database:
 * if (spawner.poll(server.state()) == ServerStatus.RUNNING) { reattach(server.url()); }
 * spawner.stop(server.state(), Duration.ofSeconds(10));
 * }</pre>
 */
public interface Spawner {

  /** The kind of this spawner as named in configuration and stored with each server. */
  String kind();

  /**
   * Starts the server described by {@code request} and returns once it answers HTTP at its base
   * path, or throws {@link SpawnException} with a message fit to show the user (the cause is
   * logged). Emits progress through {@code context}.
   */
  RunningServer start(SpawnRequest request, SpawnContext context);

  /** Whether the server described by {@code state} is still running. Never throws for "gone". */
  ServerStatus poll(SpawnerState state);

  /**
   * Stops the server described by {@code state} and releases what it holds; waits up to {@code
   * grace} for a clean exit, then forces it. Idempotent: stopping a stopped server does nothing.
   */
  void stop(SpawnerState state, Duration grace);

  /**
   * The profiles {@code user} may choose from on the spawn form, in order; empty (the default) for
   * spawners without profiles, whose form is a plain start button.
   */
  default List<ProfileConfig> profiles(String user) {
    return List.of();
  }

  /**
   * Checks the user options of a start before anything is recorded or started; called by the
   * lifecycle manager on the request's thread. The default accepts any options (spawners without
   * profiles ignore them).
   *
   * @throws InvalidOptionsException with a message for the user (a 400), for an unknown profile, a
   *     profile the user may not use, an unknown choice or a free value that does not match
   */
  default void validateOptions(String user, Map<String, Object> userOptions) {}

  /**
   * Called once by the lifecycle manager's recovery, after every recorded server was converged,
   * with the states of the servers that are still starting or running: ends what this spawner
   * started that none of them names (orphans). The default does nothing.
   */
  default void removeOrphans(Collection<SpawnerState> known) {}

  /** Releases what the spawner holds (clients, watches); servers keep running. */
  default void close() {}
}
