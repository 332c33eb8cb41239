package dev.ganymede.hub.store;

/**
 * Lifecycle state of one server: {@code STOPPED → STARTING → RUNNING → STOPPING → STOPPED}, and
 * {@code FAILED} (with a reason) from {@code STARTING} or {@code RUNNING}.
 */
public enum ServerState {
  STOPPED,
  STARTING,
  RUNNING,
  STOPPING,
  FAILED;

  /** Whether something may be running for a server in this state. */
  public boolean mayBeRunning() {
    return this == STARTING || this == RUNNING || this == STOPPING;
  }
}
