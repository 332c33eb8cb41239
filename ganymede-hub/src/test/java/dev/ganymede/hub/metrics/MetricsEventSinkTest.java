package dev.ganymede.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ganymede.hub.event.HubEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsEventSinkTest {
  private final HubMetrics metrics = new HubMetrics();
  private final MetricsEventSink sink = new MetricsEventSink(metrics);

  private static HubEvent refused(String reason) {
    return new HubEvent(
        Instant.now(),
        "server.refused",
        "system",
        "alice/",
        "",
        "failure",
        Map.of("reason", reason, "retryAfterSeconds", "30", "server", ""));
  }

  private String count(String status) {
    String prefix = "jupyterhub_server_spawn_duration_seconds_count{status=\"" + status + "\"} ";
    return metrics
        .scrape()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series for status " + status));
  }

  @Test
  void aRefusedStartCountsAsThrottledOrTooManyUsersAsJupyterHubLabelsIt() {
    sink.publish(refused("throttled"));
    sink.publish(refused("throttled"));
    sink.publish(refused("too-many-users"));

    assertThat(Double.parseDouble(count("throttled"))).isEqualTo(2.0);
    assertThat(Double.parseDouble(count("too-many-users"))).isEqualTo(1.0);
    assertThat(Double.parseDouble(count("success"))).isZero();
    assertThat(Double.parseDouble(count("failure"))).isZero();
  }
}
