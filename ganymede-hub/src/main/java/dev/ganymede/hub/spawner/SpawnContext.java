package dev.ganymede.hub.spawner;

/**
 * What a spawner may tell the hub while it starts a server. Implemented by the lifecycle manager;
 * both methods are safe to call from the spawner's thread and return quickly.
 */
public interface SpawnContext {

  /**
   * Reports progress: {@code percent} from 0 to 100 (monotonic; lower values are raised to the last
   * one) and a short message for the user ("Installing JupyterLab", "Waiting for the server to
   * answer"). Shown on the spawn-pending page and sent on the progress event stream.
   */
  void progress(int percent, String message);

  /**
   * Records, durably, what was started so far; returns after the state is in the database. Call it
   * before creating anything that could outlive the hub, and again once its identity is known (a
   * process id, a pod name).
   */
  void checkpoint(SpawnerState state);
}
