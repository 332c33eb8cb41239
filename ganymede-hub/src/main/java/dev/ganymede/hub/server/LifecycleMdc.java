package dev.ganymede.hub.server;

import org.slf4j.MDC;

/**
 * Puts {@code user}, {@code server} and {@code spawn} (the id of the spawn being worked on) into
 * the logging MDC of the current thread, and removes them on {@link #close()}, so one user's spawn
 * can be followed end to end, spawner log lines included.
 */
final class LifecycleMdc implements AutoCloseable {
  private LifecycleMdc() {}

  static LifecycleMdc of(ServerKey key, String spawnId) {
    MDC.put("user", key.user());
    MDC.put("server", key.name());
    MDC.put("spawn", spawnId);
    return new LifecycleMdc();
  }

  @Override
  public void close() {
    MDC.remove("user");
    MDC.remove("server");
    MDC.remove("spawn");
  }
}
