package dev.ganymede.hub.server;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Admission of server starts against {@code spawner.pendingSpawnLimit} and {@code
 * spawner.activeServerLimit} (JupyterHub's {@code concurrent_spawn_limit} and {@code
 * active_server_limit}). Counts the servers that are pending (row {@code STARTING}: queued or being
 * started) and active (row {@code STARTING}, {@code RUNNING} or {@code STOPPING}); each {@link
 * ServerSlot} keeps its share of the counts in line with its row. {@link #admit} checks and counts
 * a new start in one step, so two starts never both take the last place.
 *
 * <p>The {@code Retry-After} of a refusal for too many pending starts is about one spawn's duration
 * (a moving average of recent spawner starts, 30 s before the first, kept within 10 s to 5 min), by
 * when every start that is running now has finished, spread by up to half of it again so that
 * refused clients do not all come back at the same moment. A refusal for too many active servers
 * says two minutes: places free up when people stop their servers or the culler does.
 *
 * <p>Thread-safe. Callers may hold a {@link ServerSlot}'s monitor; this class never takes one (lock
 * order: slot, then admission).
 */
final class SpawnAdmission {
  private static final double FIRST_GUESS_SECONDS = 30;
  private static final double SMOOTHING = 0.2;
  private static final long MIN_RETRY_SECONDS = 10;
  private static final long MAX_RETRY_SECONDS = 300;
  static final Duration ACTIVE_LIMIT_RETRY = Duration.ofMinutes(2);

  private final int pendingLimit;
  private final int activeLimit;
  private int pending; // guarded by this
  private int active; // guarded by this
  private double spawnSeconds = FIRST_GUESS_SECONDS; // guarded by this

  /**
   * @param pendingLimit at most this many pending starts; 0 for no limit
   * @param activeLimit at most this many active servers; 0 for no limit
   */
  SpawnAdmission(int pendingLimit, int activeLimit) {
    if (pendingLimit < 0 || activeLimit < 0) {
      throw new IllegalArgumentException("limits must be 0 (none) or more");
    }
    this.pendingLimit = pendingLimit;
    this.activeLimit = activeLimit;
  }

  /**
   * Counts one more pending and active server, or refuses the start.
   *
   * @throws SpawnRefusedException if {@code pendingLimit} starts are pending or {@code activeLimit}
   *     servers are active; nothing is counted then
   */
  synchronized void admit() {
    if (pendingLimit > 0 && pending >= pendingLimit) {
      Duration retry = retryAfterPending();
      throw new SpawnRefusedException(
          SpawnRefusedException.Reason.TOO_MANY_PENDING,
          retry,
          "Too many servers are starting right now. Try again in "
              + SpawnRefusedException.humanDelay(retry)
              + ".");
    }
    if (activeLimit > 0 && active >= activeLimit) {
      throw new SpawnRefusedException(
          SpawnRefusedException.Reason.TOO_MANY_ACTIVE,
          ACTIVE_LIMIT_RETRY,
          "The hub already runs its limit of "
              + activeLimit
              + " active servers. Try again in "
              + SpawnRefusedException.humanDelay(ACTIVE_LIMIT_RETRY)
              + ".");
    }
    pending++;
    active++;
  }

  /** Moves the counts by what a server's change of state added or removed (-1, 0 or 1 each). */
  synchronized void adjust(int pendingDelta, int activeDelta) {
    pending += pendingDelta;
    active += activeDelta;
  }

  synchronized int pending() {
    return pending;
  }

  synchronized int active() {
    return active;
  }

  /** Records how long a spawner start took, for the {@code Retry-After} estimate. */
  synchronized void spawnTook(Duration took) {
    double seconds = Math.max(0, took.toMillis() / 1000.0);
    spawnSeconds = SMOOTHING * seconds + (1 - SMOOTHING) * spawnSeconds;
  }

  private Duration retryAfterPending() {
    long base =
        Math.max(MIN_RETRY_SECONDS, Math.min(MAX_RETRY_SECONDS, (long) Math.ceil(spawnSeconds)));
    long spread = ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofSeconds(base + spread);
  }
}
