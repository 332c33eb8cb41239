package dev.ganymede.hub.web;

import dev.ganymede.hub.jupyter.JupyterServerConfig;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.Session;
import dev.ganymede.proxy.ProxyDecision;
import dev.ganymede.proxy.ProxyExchange;
import dev.ganymede.proxy.ProxyInterceptor;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The proxy interceptor that makes users' servers reachable only by their owners.
 *
 * <p>For every request routed to a user's server (HTTP and WebSocket upgrades alike) it finds the
 * hub session from the {@code ganymede-session} cookie in the session manager's in-memory cache (no
 * blocking, no database), and lets the request through only if the session's user owns the route. A
 * browser navigation without a session is redirected to the login page; everything else that is
 * refused gets a 403 and never reaches the server. For accepted requests it removes the hub's own
 * cookies and any client-supplied server-token header, then adds the server's secret token, which
 * the server requires and which is never sent back to the browser.
 *
 * <p>Routes with data {@code "auth": "oauth"} lead to {@code jupyterhub-singleuser} servers, which
 * authenticate every request themselves (OAuth with the hub, then their own cookie): the guard lets
 * those requests through without a hub session, still stripping the hub's cookies and any
 * client-supplied secret header.
 */
public final class UserServerGuard implements ProxyInterceptor {
  private final SessionManager sessions;
  private final ServerManager servers;
  private final HubPaths paths;

  public UserServerGuard(SessionManager sessions, ServerManager servers, String baseUrl) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.servers = Objects.requireNonNull(servers, "servers");
    this.paths = new HubPaths(Objects.requireNonNull(baseUrl, "baseUrl"));
  }

  @Override
  public Future<ProxyDecision> beforeForward(ProxyExchange exchange) {
    MultiMap toServer = exchange.proxyToServerHeaders();
    toServer.remove(JupyterServerConfig.TOKEN_HEADER);
    HttpServerRequest request = exchange.clientToProxyRequest();
    Object owner = exchange.route().data().get("user");
    Object serverName = exchange.route().data().getOrDefault("server_name", "");
    if (!(owner instanceof String ownerName)) {
      return Future.succeededFuture(
          refuse(request, "This route does not lead to a user's server."));
    }
    if ("oauth".equals(exchange.route().data().get("auth"))) {
      // jupyterhub-singleuser signs users in itself through the hub's OAuth provider; it never
      // sees the hub session and gets no secret header
      stripHubCookies(toServer);
      return Future.succeededFuture(ProxyDecision.proceed());
    }
    Optional<Session> session = session(request);
    if (session.isEmpty()) {
      if (isBrowserNavigation(request, exchange.isWebSocketUpgrade())) {
        return Future.succeededFuture(ProxyDecision.redirect(paths.login(request.uri())));
      }
      return Future.succeededFuture(refuse(request, "Sign in to the hub first."));
    }
    if (!session.get().user().equals(ownerName)) {
      return Future.succeededFuture(refuse(request, "This server belongs to another user."));
    }
    Optional<String> token = servers.serverToken(ownerName, serverName.toString());
    if (token.isEmpty()) {
      return Future.succeededFuture(
          ProxyDecision.respond(
              503, jsonHeaders(), error(503, "The server is not ready yet; try again shortly.")));
    }
    stripHubCookies(toServer);
    toServer.set(JupyterServerConfig.TOKEN_HEADER, token.get());
    return Future.succeededFuture(ProxyDecision.proceed());
  }

  private Optional<Session> session(HttpServerRequest request) {
    Cookie cookie = request.getCookie(SessionCookie.NAME);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Optional.empty();
    }
    return sessions.lookupCached(cookie.getValue());
  }

  private static boolean isBrowserNavigation(HttpServerRequest request, boolean webSocket) {
    if (webSocket || request.method() != HttpMethod.GET) {
      return false;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  private static ProxyDecision refuse(HttpServerRequest request, String message) {
    return ProxyDecision.respond(403, jsonHeaders(), error(403, message));
  }

  private static MultiMap jsonHeaders() {
    return HttpHeaders.headers()
        .add(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .add(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  private static String error(int status, String message) {
    return new JsonObject().put("status", status).put("message", message).encode();
  }

  /** Removes the hub's cookies so that a user's server never sees the hub session. */
  private static void stripHubCookies(MultiMap headers) {
    String cookie = headers.get(HttpHeaders.COOKIE);
    if (cookie == null) {
      return;
    }
    String kept =
        java.util.Arrays.stream(cookie.split(";"))
            .map(String::strip)
            .filter(
                c ->
                    !c.startsWith(SessionCookie.NAME + "=")
                        && !c.startsWith(Csrf.ANONYMOUS_COOKIE + "="))
            .collect(Collectors.joining("; "));
    if (kept.isEmpty()) {
      headers.remove(HttpHeaders.COOKIE);
    } else {
      headers.set(HttpHeaders.COOKIE, kept);
    }
  }
}
