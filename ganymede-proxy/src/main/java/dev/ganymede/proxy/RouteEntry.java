package dev.ganymede.proxy;

import java.time.Instant;
import java.util.Objects;

/** A route together with the last time traffic went through it. */
public record RouteEntry(Route route, Instant lastActivity) {
  public RouteEntry {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(lastActivity, "lastActivity");
  }
}
