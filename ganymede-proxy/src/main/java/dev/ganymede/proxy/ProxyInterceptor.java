package dev.ganymede.proxy;

import io.vertx.core.Future;

/**
 * One step of the proxy's request chain, run before a matched request is forwarded: it can let the
 * request through, change the headers sent to the target, or answer the client itself.
 *
 * <p>Interceptors run in the order they were added to the {@link ProxyHandler}; the first one that
 * returns {@link ProxyDecision#respond} wins and the rest do not run. Requests to the fallback
 * handler (unmatched paths) do not go through interceptors.
 *
 * <p>Threading contract: {@link #beforeForward} is called on the client request's Vert.x context
 * (an event loop) and must not block; do blocking work (a database lookup) elsewhere and return its
 * future. The future may complete on any thread; the proxy continues on the request's context. The
 * request body is paused until the chain is done. A thrown exception or failed future answers the
 * client with {@link ProxyFailure#INTERCEPTOR_FAILED}.
 *
 * <pre>{@code
 * ProxyInterceptor serverToken = exchange -> {
 *   exchange.proxyToServerHeaders().remove("X-Ganymede-Server-Token"); // never trust the client's
 *   exchange.proxyToServerHeaders().set("X-Ganymede-Server-Token", secret);
 *   return Future.succeededFuture(ProxyDecision.proceed());
 * };
 * ProxyInterceptor signedIn = exchange ->
 *     sessions.userOf(exchange.clientToProxyRequest())
 *         .map(user -> user.equals(exchange.route().data().get("user"))
 *             ? ProxyDecision.proceed()
 *             : ProxyDecision.redirect("/hub/login"));
 * }</pre>
 */
@FunctionalInterface
public interface ProxyInterceptor {

  /** Decides about one request; see the class documentation for the threading contract. */
  Future<ProxyDecision> beforeForward(ProxyExchange exchange);

  /**
   * Whether this interceptor runs for requests matched to {@code route}; default: every route. The
   * proxy asks before it builds anything for the chain, so an interceptor that only guards some
   * routes (by their data) costs the others nothing; {@link #beforeForward} is only called for
   * routes this accepts. Called on the request's event loop: answer from the route alone, without
   * blocking.
   */
  default boolean appliesTo(Route route) {
    return true;
  }

  /** Whether this interceptor also runs for WebSocket upgrade requests. Default: yes. */
  default boolean appliesToWebSocket() {
    return true;
  }
}
