package dev.ganymede.proxy;

import io.vertx.core.Future;
import java.util.Map;

/**
 * The contract between the hub (control plane) and the proxy (data plane): which path prefix goes
 * to which target.
 *
 * <p>Two implementations exist or will exist: {@link InMemoryRouteTable}, used by the proxy that
 * runs inside the hub process, and a client of configurable-http-proxy's REST API for a proxy
 * running as its own process ({@code ganymede proxy} or configurable-http-proxy itself). The hub
 * only ever talks to this interface, so both are interchangeable.
 *
 * <p>Every method is asynchronous and may be called from any thread; the returned future is
 * completed by the implementation (on a Vert.x context for remote tables, immediately for the
 * in-memory table). Callers on virtual threads may {@code await()} the result.
 *
 * <pre>{@code
 * routes.put(new Route("/user/alice", URI.create("http://127.0.0.1:51234"),
 *         Map.of("user", "alice", "server_name", "")))
 *     .compose(v -> routes.list())
 *     .onSuccess(all -> log.info("{} routes", all.size()));
 * }</pre>
 */
public interface RouteTable {

  /** Adds a route or replaces the route with the same prefix; last activity is set to now. */
  Future<Void> put(Route route);

  /** Removes the route with this prefix; completes with {@code false} if there was none. */
  Future<Boolean> remove(String prefix);

  /** Every route, keyed by normalised prefix, with its last activity. */
  Future<Map<String, RouteEntry>> list();
}
