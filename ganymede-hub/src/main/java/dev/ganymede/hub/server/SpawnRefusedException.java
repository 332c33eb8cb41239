package dev.ganymede.hub.server;

import java.time.Duration;
import java.util.Objects;

/**
 * A start the hub refuses because a spawn limit is reached ({@code spawner.pendingSpawnLimit} or
 * {@code spawner.activeServerLimit}); nothing was recorded or started. The web layer answers 429
 * with a {@code Retry-After} header of {@link #retryAfter()} (whole seconds) and the message, as
 * JupyterHub does.
 */
public final class SpawnRefusedException extends RuntimeException {

  /** Which limit refused the start, with the spawn status JupyterHub's metrics give it. */
  public enum Reason {
    /** {@code spawner.pendingSpawnLimit}: too many starts are pending. */
    TOO_MANY_PENDING("throttled"),
    /** {@code spawner.activeServerLimit}: too many servers are active. */
    TOO_MANY_ACTIVE("too-many-users");

    private final String metricStatus;

    Reason(String metricStatus) {
      this.metricStatus = metricStatus;
    }

    /** The {@code status} label of {@code jupyterhub_server_spawn_duration_seconds}. */
    public String metricStatus() {
      return metricStatus;
    }
  }

  private final Reason reason;
  private final Duration retryAfter;

  SpawnRefusedException(Reason reason, Duration retryAfter, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public Reason reason() {
    return reason;
  }

  /** When the client should try again (an estimate, at least one second). */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * {@code retryAfter} for people, as JupyterHub words it: up to 90 seconds rounded up to ten
   * seconds ("30 seconds"), longer ones rounded to minutes ("2 minutes").
   */
  static String humanDelay(Duration delay) {
    long seconds = Math.max(1, delay.toSeconds());
    if (seconds <= 90) {
      return ((seconds + 9) / 10) * 10 + " seconds";
    }
    long minutes = Math.round(seconds / 60.0);
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }
}
