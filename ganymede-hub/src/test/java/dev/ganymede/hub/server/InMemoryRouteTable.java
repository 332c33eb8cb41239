package dev.ganymede.hub.server;

import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.RouteEntry;
import dev.ganymede.proxy.RouteTable;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RouteTable} in a map whose futures complete at once; records changes in a journal. */
final class InMemoryRouteTable implements RouteTable {
  private final Map<String, RouteEntry> entries = new ConcurrentHashMap<>();
  private final Journal journal;
  private final Clock clock;

  InMemoryRouteTable(Journal journal, Clock clock) {
    this.journal = journal;
    this.clock = clock;
  }

  @Override
  public Future<Void> put(Route route) {
    entries.put(route.prefix(), new RouteEntry(route, clock.instant()));
    journal.add("route put " + route.prefix());
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> remove(String prefix) {
    boolean removed = entries.remove(Route.normalizePrefix(prefix)) != null;
    journal.add("route remove " + Route.normalizePrefix(prefix));
    return Future.succeededFuture(removed);
  }

  @Override
  public Future<Map<String, RouteEntry>> list() {
    return Future.succeededFuture(Map.copyOf(entries));
  }

  /** Simulates traffic through the route at {@code at}. */
  void activity(String prefix, Instant at) {
    entries.computeIfPresent(prefix, (p, e) -> new RouteEntry(e.route(), at));
  }

  Map<String, RouteEntry> entries() {
    return Map.copyOf(entries);
  }
}
