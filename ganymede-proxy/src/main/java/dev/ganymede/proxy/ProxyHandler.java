package dev.ganymede.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxy: a request handler to mount on a Vert.x {@code HttpServer} that forwards
 * HTTP/1.1 and WebSocket traffic to the target of the longest matching route in an {@link
 * InMemoryRouteTable}.
 *
 * <p>Per request:
 *
 * <ol>
 *   <li>The path is matched. No match, or only the root route {@code /} while a fallback is
 *       configured, hands the request untouched to the fallback handler (in process: the hub's
 *       router). No match and no fallback answers {@link ProxyFailure#NO_ROUTE}.
 *   <li>The {@link ProxyInterceptor}s run in order; the first {@code respond} answers the client
 *       and the target sees nothing.
 *   <li>Activity is recorded on the matched route when the request is forwarded (again when the
 *       response body is done, and on every WebSocket chunk in either direction); requests an
 *       interceptor answered do not count as activity.
 *   <li>The request goes to the route's target with its full path and query (no prefix is stripped:
 *       Jupyter servers are served under their prefix). Hop-by-hop headers are removed, {@code
 *       X-Forwarded-For/-Port/-Proto} appended and {@code X-Forwarded-Host} set (see {@link
 *       ProxyOptions#xForwardedHeaders()}), and {@code Host} is the client's, as with
 *       configurable-http-proxy's default (see {@link ProxyOptions#preserveHost()}): Jupyter
 *       servers check {@code Host}/{@code Origin} against each other for cross-site protection.
 *   <li>Bodies stream both ways with back-pressure and are never buffered whole. WebSocket upgrades
 *       become a byte tunnel once the target accepted them.
 *   <li>Failures to reach the target answer through the {@link ProxyErrorHandler} (default: JSON
 *       with 502, 503 or 504), never by hanging; a failure after the response started closes the
 *       client connection.
 * </ol>
 *
 * <p>Threading contract: {@link #handle} must be called on the server request's Vert.x context
 * (which is what {@code HttpServer.requestHandler} does); all the proxy's work for that request
 * then runs on that context. The server must not have a WebSocket handler of its own, so that
 * upgrade requests reach this handler, and should leave {@code handle100ContinueAutomatically} off
 * (the proxy sends {@code 100 Continue} itself once interceptors accepted the request). One
 * instance may serve any number of servers and event loops; it owns one pooled HTTP client,
 * released by {@link #close()}.
 *
 * <pre>{@code
 * InMemoryRouteTable routes = new InMemoryRouteTable();
 * ProxyHandler proxy = ProxyHandler.builder(vertx, routes)
 *     .fallback(hubRouter)
 *     .addInterceptor(sessionCheck)
 *     .addInterceptor(serverToken)
 *     .build();
 * vertx.createHttpServer().requestHandler(proxy).listen(8000);
 * routes.put(Route.of("/user/alice", URI.create("http://127.0.0.1:51234")));
 * }</pre>
 */
public final class ProxyHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);

  private final Vertx vertx;
  private final InMemoryRouteTable routes;
  private final ProxyOptions options;
  private final Optional<Handler<HttpServerRequest>> fallback;
  private final InterceptorChain interceptors;
  private final ClientAnswers answers;
  private final Upstream upstream;
  private final HttpForwarder httpForwarder;
  private final WebSocketForwarder webSocketForwarder;
  private final FastPath fastPath;

  private ProxyHandler(Builder builder) {
    this.vertx = builder.vertx;
    this.routes = builder.routes;
    this.options = builder.options;
    this.fallback = Optional.ofNullable(builder.fallback);
    this.interceptors = new InterceptorChain(builder.interceptors);
    this.answers = new ClientAnswers(builder.errorHandler);
    this.upstream = new Upstream(vertx, options);
    this.httpForwarder = new HttpForwarder(upstream, answers);
    this.webSocketForwarder = new WebSocketForwarder(upstream, answers, options.responseTimeout());
    this.fastPath =
        new FastPath(
            vertx, routes, options, fallback.isPresent(), interceptors, builder.reservedPaths);
  }

  /** Starts building a proxy that routes with {@code routes}. */
  public static Builder builder(Vertx vertx, InMemoryRouteTable routes) {
    return new Builder(vertx, routes);
  }

  @Override
  public void handle(HttpServerRequest clientToProxyRequest) {
    Objects.requireNonNull(clientToProxyRequest, "clientToProxyRequest");
    ProxyFailure handedBack = fastPath.takeFailure(clientToProxyRequest.connection());
    if (handedBack != null) {
      answers.fail(clientToProxyRequest, handedBack);
      return;
    }
    String path = clientToProxyRequest.path();
    RouteMatch match =
        path == null
            ? null
            : routes
                .match(
                    RoutingKey.of(
                        options.hostRouting(),
                        clientToProxyRequest.headers().get(HttpHeaders.HOST),
                        path))
                .orElse(null);
    if (match == null || (fallback.isPresent() && match.route().prefix().equals("/"))) {
      if (fallback.isPresent()) {
        fallback.get().handle(clientToProxyRequest);
      } else {
        answers.fail(clientToProxyRequest, ProxyFailure.NO_ROUTE);
      }
      return;
    }
    clientToProxyRequest.pause();
    boolean webSocket = ProxyHeaders.isWebSocketUpgrade(clientToProxyRequest);
    MultiMap proxyToServerHeaders =
        ProxyHeaders.forServer(clientToProxyRequest.headers(), webSocket, options.preserveHost());
    if (options.preserveHost()) {
      ProxyHeaders.hostFromAuthority(proxyToServerHeaders, clientToProxyRequest);
    }
    if (!interceptors.appliesTo(match.route(), webSocket)) {
      forward(clientToProxyRequest, match, proxyToServerHeaders, webSocket, Set.of());
      return;
    }
    Context context = Vertx.currentContext();
    if (context == null) {
      context = vertx.getOrCreateContext();
    }
    ProxyExchange exchange =
        new ProxyExchange(clientToProxyRequest, match.route(), proxyToServerHeaders, webSocket);
    interceptors
        .run(exchange, context)
        .onComplete(
            decided -> {
              if (decided.failed()) {
                LOG.warn(
                    "Proxy interceptor failed for {} {} (route {})",
                    clientToProxyRequest.method(),
                    path,
                    match.route().prefix(),
                    decided.cause());
                answers.fail(clientToProxyRequest, ProxyFailure.INTERCEPTOR_FAILED);
                return;
              }
              switch (decided.result()) {
                case ProxyDecision.Respond answer -> answers.respond(clientToProxyRequest, answer);
                case ProxyDecision.Proceed proceed ->
                    forward(
                        clientToProxyRequest,
                        match,
                        proxyToServerHeaders,
                        webSocket,
                        ProxyHeaders.changedByInterceptors(
                            clientToProxyRequest.headers(), proxyToServerHeaders));
              }
            });
  }

  /**
   * A connection handler for the servers this proxy serves ({@code
   * server.connectionHandler(proxy.connectionHandler())}): it lets plain HTTP/1.1 exchanges that
   * need nothing of the Vert.x path (no interceptor, no fallback, an {@code http} target, no
   * upgrade or {@code Expect}) be relayed by Netty handlers alone, which costs about half as much
   * per request; everything else still comes to {@link #handle}. Optional: without it every request
   * takes the Vert.x path, with the same behaviour. See {@link FastPathConnection}.
   */
  public Handler<HttpConnection> connectionHandler() {
    return fastPath::attach;
  }

  /** How many exchanges were relayed at the Netty level (see {@link #connectionHandler()}). */
  public long nettyPathExchanges() {
    return fastPath.exchanges();
  }

  /** How many per-target connection pools the Netty path holds (tests). */
  int nettyPathPools() {
    return fastPath.pools();
  }

  /** Releases the connections to the targets; open WebSocket tunnels are closed with them. */
  public Future<Void> close() {
    return Future.join(upstream.close(), fastPath.close()).mapEmpty();
  }

  private void forward(
      HttpServerRequest clientToProxyRequest,
      RouteMatch match,
      MultiMap proxyToServerHeaders,
      boolean webSocket,
      Set<String> hiddenResponseHeaders) {
    match.recordActivity();
    if (options.xForwardedHeaders()) {
      ProxyHeaders.addForwarded(proxyToServerHeaders, clientToProxyRequest);
    }
    if (webSocket) {
      webSocketForwarder.forward(
          clientToProxyRequest, match, proxyToServerHeaders, hiddenResponseHeaders);
    } else {
      httpForwarder.forward(
          clientToProxyRequest, match, proxyToServerHeaders, hiddenResponseHeaders);
    }
  }

  /** Configures a {@link ProxyHandler}; not thread-safe, use it from one thread. */
  public static final class Builder {
    private final Vertx vertx;
    private final InMemoryRouteTable routes;
    private final List<ProxyInterceptor> interceptors = new ArrayList<>();
    private ProxyOptions options = ProxyOptions.defaults();
    private Handler<HttpServerRequest> fallback;
    private ProxyErrorHandler errorHandler = ProxyErrorHandler.json();
    private Set<String> reservedPaths = Set.of();

    private Builder(Vertx vertx, InMemoryRouteTable routes) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
      this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** Timeouts and pool sizes; default {@link ProxyOptions#defaults()}. */
    public Builder options(ProxyOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Where requests go that match no route, or only the root route: in process, the hub's own
     * router. Without a fallback they get {@link ProxyFailure#NO_ROUTE} (or go to the root route's
     * target, if there is one).
     */
    public Builder fallback(Handler<HttpServerRequest> fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** Answers failures; default {@link ProxyErrorHandler#json()}. */
    public Builder errorHandler(ProxyErrorHandler errorHandler) {
      this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
      return this;
    }

    /** Appends an interceptor; interceptors run in the order they were added. */
    public Builder addInterceptor(ProxyInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Paths the server answers itself before calling the proxy (the standalone proxy's {@code
     * /_chp_healthz}); the Netty path of {@link #connectionHandler()} leaves them to the server.
     */
    public Builder reservedPaths(Set<String> reservedPaths) {
      this.reservedPaths = Set.copyOf(reservedPaths);
      return this;
    }

    /** Builds the proxy and its HTTP client. */
    public ProxyHandler build() {
      return new ProxyHandler(this);
    }
  }
}
