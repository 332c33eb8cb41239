package dev.ganymede.hub.metrics;

import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.RouteEntry;
import dev.ganymede.proxy.RouteTable;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RouteTable} that times each call into {@link HubMetrics} ({@code
 * jupyterhub_proxy_add/delete/poll_duration_seconds}) and otherwise passes it through. Same
 * threading contract as the table it wraps.
 */
public final class TimedRouteTable implements RouteTable {
  private final RouteTable routes;
  private final HubMetrics metrics;

  public TimedRouteTable(RouteTable routes, HubMetrics metrics) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public Future<Void> put(Route route) {
    long begun = System.nanoTime();
    return routes
        .put(route)
        .andThen(r -> metrics.proxyAdd(r.succeeded(), Duration.ofNanos(System.nanoTime() - begun)));
  }

  @Override
  public Future<Boolean> remove(String prefix) {
    long begun = System.nanoTime();
    return routes
        .remove(prefix)
        .andThen(
            r -> metrics.proxyDelete(r.succeeded(), Duration.ofNanos(System.nanoTime() - begun)));
  }

  @Override
  public Future<Map<String, RouteEntry>> list() {
    long begun = System.nanoTime();
    return routes
        .list()
        .andThen(r -> metrics.proxyPoll(Duration.ofNanos(System.nanoTime() - begun)));
  }
}
