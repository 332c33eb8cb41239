package dev.ganymede.hub.spawner;

/** What {@link Spawner#poll} found. */
public enum ServerStatus {
  RUNNING,
  STOPPED
}
