package dev.ganymede.hub.spawner;

import java.time.Duration;

/**
 * Starts, watches and stops users' Jupyter servers. One implementation per kind of place a server
 * can run: a local process ({@code local}), a Kubernetes pod ({@code kubernetes}, later), nothing
 * at all ({@code null}, for benchmarks, later).
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
}
