package dev.ganymede.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;

/**
 * What a {@link ProxyInterceptor} sees of one request: the client's request, the route it matched,
 * and the headers that will be sent to the target.
 *
 * <p>Ownership: {@link #clientToProxyRequest()} is for reading (method, path, headers, cookies,
 * remote address). Interceptors must not read its body, pause or resume it, or write its response;
 * to answer the client, return {@link ProxyDecision#respond}. {@link #proxyToServerHeaders()} is
 * the live, mutable header set of the proxy-to-server request: interceptors add, set and remove
 * headers there (for example remove any client-sent copy of a secret header, then set the real
 * one). It starts as the client's headers minus hop-by-hop headers; the proxy adds {@code
 * X-Forwarded-*} after the interceptors ran.
 *
 * <p>Headers an interceptor adds or changes are never sent back to the client: the proxy removes
 * any header of the same name from the target's response.
 */
public final class ProxyExchange {
  private final HttpServerRequest clientToProxyRequest;
  private final Route route;
  private final MultiMap proxyToServerHeaders;
  private final boolean webSocketUpgrade;

  ProxyExchange(
      HttpServerRequest clientToProxyRequest,
      Route route,
      MultiMap proxyToServerHeaders,
      boolean webSocketUpgrade) {
    this.clientToProxyRequest = Objects.requireNonNull(clientToProxyRequest);
    this.route = Objects.requireNonNull(route);
    this.proxyToServerHeaders = Objects.requireNonNull(proxyToServerHeaders);
    this.webSocketUpgrade = webSocketUpgrade;
  }

  /** The request as the client sent it; read-only use. */
  public HttpServerRequest clientToProxyRequest() {
    return clientToProxyRequest;
  }

  /** The route the request matched (its {@code data} holds e.g. {@code user}). */
  public Route route() {
    return route;
  }

  /** The headers of the request to the target; mutable. */
  public MultiMap proxyToServerHeaders() {
    return proxyToServerHeaders;
  }

  /** Whether this is a WebSocket upgrade request. */
  public boolean isWebSocketUpgrade() {
    return webSocketUpgrade;
  }
}
