package dev.ganymede.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's Prometheus metrics, named and labelled as JupyterHub's ({@code jupyterhub_*}, see
 * protocol.md §9), on a Micrometer Prometheus registry. Enum label values are pre-created, so every
 * series exists (at zero) before its first event.
 *
 * <p>Thread-safe: record from any thread; {@link #scrape()} renders the text format.
 */
public final class HubMetrics {

  /** JupyterHub 5's spawn buckets, in seconds. */
  private static final double[] SPAWN_BUCKETS = {
    0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 180, 300, 600
  };

  /** Prometheus client defaults, in seconds. */
  private static final double[] DEFAULT_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  /** Spawn outcomes as labelled by JupyterHub 3–5. */
  public static final List<String> SPAWN_STATUSES =
      List.of("success", "failure", "already-pending", "throttled", "too-many-users");

  /** Active-user periods. */
  public static final Map<String, Duration> ACTIVE_PERIODS =
      Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final AtomicLong runningServers = new AtomicLong();
  private final AtomicLong totalUsers = new AtomicLong();
  private final Map<String, AtomicLong> activeUsers = new ConcurrentHashMap<>();
  private final Counter droppedEvents;

  public HubMetrics() {
    for (String status : SPAWN_STATUSES) {
      timer("jupyterhub.server.spawn.duration", SPAWN_BUCKETS, "status", status);
    }
    for (String status : List.of("success", "failure")) {
      timer("jupyterhub.server.stop", DEFAULT_BUCKETS, "status", status);
      timer("jupyterhub.proxy.add.duration", DEFAULT_BUCKETS, "status", status);
      timer("jupyterhub.proxy.delete.duration", DEFAULT_BUCKETS, "status", status);
    }
    for (String status : List.of("running", "stopped")) {
      timer("jupyterhub.server.poll.duration", DEFAULT_BUCKETS, "status", status);
    }
    timer("jupyterhub.proxy.poll.duration", DEFAULT_BUCKETS);
    timer("jupyterhub.check.routes.duration", DEFAULT_BUCKETS);
    timer("jupyterhub.hub.startup.duration", DEFAULT_BUCKETS);
    timer("jupyterhub.init.spawners.duration", DEFAULT_BUCKETS);
    Gauge.builder("jupyterhub.running.servers", runningServers, AtomicLong::get)
        .description("the number of user servers currently running")
        .register(registry);
    Gauge.builder("jupyterhub.total.users", totalUsers, AtomicLong::get)
        .description("total number of users")
        .register(registry);
    for (String period : ACTIVE_PERIODS.keySet()) {
      AtomicLong value = activeUsers.computeIfAbsent(period, p -> new AtomicLong());
      Gauge.builder("jupyterhub.active.users", value, AtomicLong::get)
          .description("number of users who were active in the given time period")
          .tag("period", period)
          .register(registry);
    }
    droppedEvents =
        Counter.builder("ganymede.audit.events.dropped")
            .description("hub events the audit log could not keep (its queue was full)")
            .register(registry);
  }

  /** One HTTP request the hub answered (not proxied traffic). */
  public void request(String method, String handler, int code, Duration took) {
    String key = method + ' ' + handler + ' ' + code;
    requestTimers
        .computeIfAbsent(
            key,
            k ->
                timer(
                    "jupyterhub.request.duration",
                    DEFAULT_BUCKETS,
                    "method",
                    method,
                    "handler",
                    handler,
                    "code",
                    Integer.toString(code)))
        .record(took);
  }

  /** A spawn that ended with {@code status} (one of {@link #SPAWN_STATUSES}). */
  public void spawn(String status, Duration took) {
    timer("jupyterhub.server.spawn.duration", SPAWN_BUCKETS, "status", status).record(took);
  }

  /** A server stop, {@code success} or {@code failure}. */
  public void serverStop(String status, Duration took) {
    timer("jupyterhub.server.stop", DEFAULT_BUCKETS, "status", status).record(took);
  }

  /** A route added to the proxy. */
  public void proxyAdd(boolean success, Duration took) {
    timer("jupyterhub.proxy.add.duration", DEFAULT_BUCKETS, "status", outcome(success))
        .record(took);
  }

  /** A route removed from the proxy. */
  public void proxyDelete(boolean success, Duration took) {
    timer("jupyterhub.proxy.delete.duration", DEFAULT_BUCKETS, "status", outcome(success))
        .record(took);
  }

  /** The routes read back from the proxy (for activity). */
  public void proxyPoll(Duration took) {
    timer("jupyterhub.proxy.poll.duration", DEFAULT_BUCKETS).record(took);
  }

  /** The hub's start, from process start to serving. */
  public void hubStartup(Duration took) {
    timer("jupyterhub.hub.startup.duration", DEFAULT_BUCKETS).record(took);
  }

  /** Servers reattached at start. */
  public void initSpawners(Duration took) {
    timer("jupyterhub.init.spawners.duration", DEFAULT_BUCKETS).record(took);
  }

  /** Sets {@code jupyterhub_running_servers}. */
  public void runningServers(long running) {
    runningServers.set(running);
  }

  /** Sets {@code jupyterhub_total_users} and {@code jupyterhub_active_users}. */
  public void users(long users, Map<String, Long> activeByPeriod) {
    totalUsers.set(users);
    activeByPeriod.forEach(
        (period, count) -> activeUsers.computeIfAbsent(period, p -> new AtomicLong()).set(count));
  }

  /** An event the audit log dropped. */
  public void droppedEvent() {
    droppedEvents.increment();
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  private Timer timer(String name, double[] buckets, String... tags) {
    Objects.requireNonNull(name, "name");
    Duration[] slos = new Duration[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      slos[i] = Duration.ofNanos((long) (buckets[i] * 1_000_000_000L));
    }
    return Timer.builder(name).tags(tags).serviceLevelObjectives(slos).register(registry);
  }

  private static String outcome(boolean success) {
    return success ? "success" : "failure";
  }
}
