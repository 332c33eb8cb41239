package dev.ganymede.hub.metrics;

import dev.ganymede.hub.event.EventSink;
import dev.ganymede.hub.event.HubEvent;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns lifecycle events into metrics: {@code server.start} and {@code server.failure} (of a spawn)
 * into the spawn duration, {@code server.stop} into the stop duration (their {@code durationMs}
 * detail), {@code server.refused} into the spawn duration with its reason as status ({@code
 * throttled} or {@code too-many-users}, as JupyterHub labels a refused start). Thread-safe; never
 * throws.
 */
public final class MetricsEventSink implements EventSink {
  private final HubMetrics metrics;

  public MetricsEventSink(HubMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void publish(HubEvent event) {
    Duration took = duration(event);
    switch (event.type()) {
      case "server.start" -> metrics.spawn("success", took);
      case "server.failure" -> {
        if (!event.details().getOrDefault("reason", "").startsWith("stop failed")) {
          metrics.spawn("failure", took);
        } else {
          metrics.serverStop("failure", took);
        }
      }
      case "server.stop" -> metrics.serverStop("success", took);
      case "server.refused" -> {
        String status = event.details().getOrDefault("reason", "");
        if (HubMetrics.SPAWN_STATUSES.contains(status)) {
          metrics.spawn(status, took);
        }
      }
      default -> {}
    }
  }

  private static Duration duration(HubEvent event) {
    try {
      return Duration.ofMillis(Long.parseLong(event.details().getOrDefault("durationMs", "0")));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
