package dev.ganymede.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The live entry of one route in an {@link InMemoryRouteTable}: the {@link Route} and its last
 * activity.
 *
 * <p>One instance exists per route for as long as the route is in the table; {@link
 * InMemoryRouteTable#match(String)} hands out that same instance, so recording activity on the hot
 * path allocates nothing and takes no lock.
 *
 * <p>Thread-safety: every method may be called from any thread. {@link #recordActivity()} is at
 * most one volatile write; two threads recording at the same moment may leave either of their
 * (millisecond) timestamps, which is precise enough for idle culling.
 *
 * <pre>{@code
 * routes.match(clientToProxyRequest.path()).ifPresent(match -> {
 *   match.recordActivity();
 *   forwardTo(match.route().target());
 * });
 * }</pre>
 */
public final class RouteMatch {
  private final Route route;
  private final Clock clock;
  private volatile long lastActivityMillis;
  private TargetAddress address;

  RouteMatch(Route route, Clock clock) {
    this.route = Objects.requireNonNull(route, "route");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastActivityMillis = clock.millis();
  }

  /** The matched route. */
  public Route route() {
    return route;
  }

  /** Where the route's target listens (computed once; a benign race may compute it twice). */
  TargetAddress address() {
    TargetAddress known = address;
    if (known == null) {
      known = TargetAddress.of(route.target());
      address = known;
    }
    return known;
  }

  /** Marks the route as active now. Lock-free; at most one volatile write. */
  public void recordActivity() {
    long now = clock.millis();
    if (now != lastActivityMillis) {
      lastActivityMillis = now;
    }
  }

  /** The last time traffic went through this route (or when it was put, if none since). */
  public Instant lastActivity() {
    return Instant.ofEpochMilli(lastActivityMillis);
  }

  RouteEntry toEntry() {
    return new RouteEntry(route, lastActivity());
  }

  @Override
  public String toString() {
    return "RouteMatch[" + route.prefix() + " -> " + route.target() + "]";
  }
}
