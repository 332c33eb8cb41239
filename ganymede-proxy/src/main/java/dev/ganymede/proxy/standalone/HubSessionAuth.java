package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.ProxyDecision;
import dev.ganymede.proxy.ProxyExchange;
import dev.ganymede.proxy.ProxyInterceptor;
import dev.ganymede.proxy.ProxyJson;
import dev.ganymede.proxy.Route;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Access to users' plain Jupyter servers through a standalone proxy: for routes whose data says
 * {@code "auth": "hub-session"}, asks the hub whether the request's hub session may use the route,
 * once per (session cookie, route) within the cache time, and adds the headers the hub returns (the
 * server's secret token). Routes without that marker (jupyterhub-singleuser servers, which do OAuth
 * themselves) pass untouched, as with configurable-http-proxy.
 *
 * <p>The hub's endpoint: {@code POST <hubAuthUrl>} with {@code Authorization: token <proxy token>}
 * and {@code {"session": <cookie value or "">, "route": <prefix>, "user": ..., "server_name":
 * ...}}; it answers {@code {"allow": true, "headers": {name: value}, "stripCookies": [names]}} or
 * {@code {"allow": false, "status": 403, "message": ..., "loginUrl": ...}}. Allowing answers are
 * reused while the hub is unreachable (see {@link AuthCache}), so users keep working through hub
 * restarts; a request that needs a fresh answer while the hub is down gets 503.
 *
 * <p>Threading: runs on the request's event loop; the hub call completes on the client's context
 * and the proxy's interceptor chain moves back to the request's context.
 */
final class HubSessionAuth implements ProxyInterceptor {
  static final String MARKER_KEY = "auth";
  static final String MARKER_VALUE = "hub-session";
  private static final long TIMEOUT_MILLIS = 5_000;
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(HubSessionAuth.class);
  private static final AuthAnswer HUB_UNREACHABLE =
      new AuthAnswer(
          false,
          java.util.Map.of(),
          java.util.Set.of(),
          503,
          "The hub cannot be reached to check this request; try again shortly.",
          Optional.empty());

  private final HttpClient client;
  private final URI authUrl;
  private final String proxyToken;
  private final String cookieName;
  private final AuthCache cache;

  HubSessionAuth(
      HttpClient client, URI authUrl, String proxyToken, String cookieName, AuthCache cache) {
    this.client = Objects.requireNonNull(client, "client");
    this.authUrl = Objects.requireNonNull(authUrl, "authUrl");
    this.proxyToken = Objects.requireNonNull(proxyToken, "proxyToken");
    this.cookieName = Objects.requireNonNull(cookieName, "cookieName");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** Only routes whose data carries {@code "auth": "hub-session"}. */
  @Override
  public boolean appliesTo(Route route) {
    return MARKER_VALUE.equals(route.data().get(MARKER_KEY));
  }

  /** Called by the proxy's chain only for routes {@link #appliesTo} accepts. */
  @Override
  public Future<ProxyDecision> beforeForward(ProxyExchange exchange) {
    HttpServerRequest request = exchange.clientToProxyRequest();
    Cookie cookie = request.getCookie(cookieName);
    String session = cookie == null ? "" : cookie.getValue();
    String prefix = exchange.route().prefix();
    return cache
        .answer(session, prefix, () -> askHub(session, exchange))
        .map(answer -> apply(answer, exchange))
        .recover(
            e -> {
              log.warn("Cannot ask the hub about route {}: {}", prefix, e.toString());
              return Future.succeededFuture(apply(HUB_UNREACHABLE, exchange));
            });
  }

  private Future<AuthAnswer> askHub(String session, ProxyExchange exchange) {
    JsonObject body =
        new JsonObject()
            .put("session", session)
            .put("route", exchange.route().prefix())
            .put("user", exchange.route().data().get("user"))
            .put("server_name", exchange.route().data().getOrDefault("server_name", ""));
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(authUrl.toString())
            .setIdleTimeout(TIMEOUT_MILLIS)
            .putHeader(HttpHeaders.AUTHORIZATION, "token " + proxyToken)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    return client
        .request(options)
        .compose(proxyToHubRequest -> proxyToHubRequest.send(ProxyJson.buffer(body)))
        .compose(
            hubToProxyResponse ->
                hubToProxyResponse
                    .body()
                    .map(
                        answer -> {
                          if (hubToProxyResponse.statusCode() != 200) {
                            throw new IllegalStateException(
                                "hub answered " + hubToProxyResponse.statusCode());
                          }
                          return AuthAnswer.fromJson(ProxyJson.object(answer));
                        }));
  }

  private ProxyDecision apply(AuthAnswer answer, ProxyExchange exchange) {
    MultiMap toServer = exchange.proxyToServerHeaders();
    for (String name : answer.headers().keySet()) {
      toServer.remove(name);
    }
    if (!answer.allow()) {
      HttpServerRequest request = exchange.clientToProxyRequest();
      if (answer.loginUrl().isPresent() && isBrowserNavigation(request, exchange)) {
        return ProxyDecision.redirect(
            answer.loginUrl().get()
                + "?next="
                + URLEncoder.encode(request.uri(), StandardCharsets.UTF_8));
      }
      return ProxyDecision.respond(
          answer.status(),
          HttpHeaders.headers()
              .add(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
              .add(HttpHeaders.CACHE_CONTROL, "no-store"),
          ProxyJson.buffer(
              new JsonObject().put("status", answer.status()).put("message", answer.message())));
    }
    answer.headers().forEach(toServer::set);
    stripCookies(toServer, answer);
    return ProxyDecision.proceed();
  }

  private static boolean isBrowserNavigation(HttpServerRequest request, ProxyExchange exchange) {
    if (exchange.isWebSocketUpgrade() || request.method() != HttpMethod.GET) {
      return false;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/html");
  }

  private static void stripCookies(MultiMap headers, AuthAnswer answer) {
    if (answer.stripCookies().isEmpty()) {
      return;
    }
    String cookie = headers.get(HttpHeaders.COOKIE);
    if (cookie == null) {
      return;
    }
    StringBuilder kept = new StringBuilder();
    for (String part : cookie.split(";")) {
      String trimmed = part.strip();
      int eq = trimmed.indexOf('=');
      String name = eq < 0 ? trimmed : trimmed.substring(0, eq);
      if (trimmed.isEmpty() || answer.stripCookies().contains(name)) {
        continue;
      }
      if (!kept.isEmpty()) {
        kept.append("; ");
      }
      kept.append(trimmed);
    }
    if (kept.isEmpty()) {
      headers.remove(HttpHeaders.COOKIE);
    } else {
      headers.set(HttpHeaders.COOKIE, kept.toString());
    }
  }

  /** Optional helper for callers that only have a string. */
  static Optional<String> nonEmpty(String value) {
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
