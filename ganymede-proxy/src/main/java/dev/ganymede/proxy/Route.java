package dev.ganymede.proxy;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the route table: requests whose path starts with {@code prefix} go to {@code
 * target}.
 *
 * <p>{@code prefix} always starts with {@code /} and never ends with {@code /} unless it is the
 * root route {@code /} (configurable-http-proxy's normalisation: {@code /user/alice/} and {@code
 * /user/alice} are the same route). {@code data} holds the extra fields a route API client stored
 * with the route (JupyterHub keeps {@code user}, {@code server_name}, {@code jupyterhub}); the
 * proxy keeps them and never interprets them, except that the hub's own interceptors may read
 * {@code user} and {@code server_name}.
 */
public record Route(String prefix, URI target, Map<String, Object> data) {

  public Route {
    prefix = normalizePrefix(prefix);
    Objects.requireNonNull(target, "target");
    data = Map.copyOf(Objects.requireNonNull(data, "data"));
  }

  public static Route of(String prefix, URI target) {
    return new Route(prefix, target, Map.of());
  }

  /**
   * Normalises a route prefix: leading slash added, trailing slashes removed (except for the root
   * route), percent-escapes kept as they are.
   */
  public static String normalizePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String p = prefix.startsWith("/") ? prefix : "/" + prefix;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
