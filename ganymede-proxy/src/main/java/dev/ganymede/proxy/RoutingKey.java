package dev.ganymede.proxy;

import java.util.Locale;

/**
 * What a request is routed by: its path, or with host routing ({@link ProxyOptions#hostRouting()},
 * configurable-http-proxy's {@code --host-routing}) its {@code Host} without the port, then its
 * path: a request for {@code http://alice.hub.example.org:8000/lab} matches the route {@code
 * /alice.hub.example.org}. Either way the target gets the path as the client sent it.
 *
 * <pre>{@code
 * routes.match(RoutingKey.of(options.hostRouting(), request.getHeader("Host"), request.path()));
 * }</pre>
 */
final class RoutingKey {
  private RoutingKey() {}

  /**
   * {@code pathAndQuery} itself, or with {@code hostRouting} {@code "/" + host + pathAndQuery}
   * ({@code host} lower-cased, its port dropped); a request without a {@code Host} is routed by its
   * path (so only the default route can match it).
   */
  static String of(boolean hostRouting, String host, String pathAndQuery) {
    if (!hostRouting || host == null || host.isBlank()) {
      return pathAndQuery;
    }
    String name = host.strip();
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf(']')) {
      name = name.substring(0, colon);
    }
    return "/" + name.toLowerCase(Locale.ROOT) + pathAndQuery;
  }
}
