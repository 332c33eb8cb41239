package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.InMemoryRouteTable;
import dev.ganymede.proxy.ProxyHandler;
import dev.ganymede.proxy.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy as its own process ({@code ganymede proxy}): a public port that relays traffic with
 * {@link ProxyHandler}, and an API port that speaks configurable-http-proxy's REST API, so that
 * Ganymede's hub (in {@code external} proxy mode) or JupyterHub itself drives it. Because routes
 * live here, users' open notebooks keep working while the hub restarts.
 *
 * <p>Beyond CHP: routes whose data says {@code "auth": "hub-session"} are checked by {@link
 * HubSessionAuth} against the hub (cached); {@code GET /_chp_healthz} answers {@code
 * {"status":"OK"}} on the public port.
 *
 * <pre>{@code
 * try (StandaloneProxy proxy = StandaloneProxy.start(vertx, StandaloneProxyOptions.defaults()
 *     .withAuthToken(secret).withDefaultTarget(URI.create("http://127.0.0.1:8081")))) {
 *   // POST http://127.0.0.1:8001/api/routes/user/alice {"target": "http://127.0.0.1:51234"}
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@link #start} blocks until both ports listen; {@link #close} blocks until both
 * are closed. Call neither on an event loop.
 */
public final class StandaloneProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StandaloneProxy.class);
  static final String SESSION_COOKIE = "ganymede-session";
  private static final int AUTH_CACHE_ENTRIES = 100_000;

  private final InMemoryRouteTable routes;
  private final HttpClient hubClient;
  private final List<PublicListener> listeners;
  private final int port;
  private final HttpServer apiServer;

  private StandaloneProxy(
      InMemoryRouteTable routes,
      HttpClient hubClient,
      List<PublicListener> listeners,
      int port,
      HttpServer apiServer) {
    this.routes = routes;
    this.hubClient = hubClient;
    this.listeners = List.copyOf(listeners);
    this.port = port;
    this.apiServer = apiServer;
  }

  /** Starts with one public listener per available processor; blocks until both ports listen. */
  public static StandaloneProxy start(Vertx vertx, StandaloneProxyOptions options) {
    return start(vertx, options, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Starts both ports on {@code vertx}; blocks until they listen. The public port is served by
   * {@code listeners} instances, each on its own event loop with its own connection pool to the
   * targets, so that a request and its forwarded request run on one thread; the route table is
   * shared. Give {@code vertx} at least that many event loops.
   */
  public static StandaloneProxy start(Vertx vertx, StandaloneProxyOptions options, int listeners) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    if (listeners < 1) {
      throw new IllegalArgumentException("listeners must be at least 1, was " + listeners);
    }
    InMemoryRouteTable routes = new InMemoryRouteTable();
    options
        .defaultTarget()
        .ifPresent(target -> routes.put(new Route("/", target, Map.of("default", true))));
    HttpClient hubClient =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setName("ganymede-proxy-hub").setConnectTimeout(3_000))
            .with(new PoolOptions().setHttp1MaxSize(16))
            .build();
    Optional<HubSessionAuth> hubSessionAuth =
        options
            .hubAuthUrl()
            .map(
                url ->
                    new HubSessionAuth(
                        hubClient,
                        url,
                        options.authToken().orElse(""),
                        SESSION_COOKIE,
                        new AuthCache(
                            Clock.systemUTC(),
                            options.authCacheTtl(),
                            options.authStaleTtl(),
                            AUTH_CACHE_ENTRIES)));
    Supplier<ProxyHandler> proxies =
        () -> {
          ProxyHandler.Builder builder =
              ProxyHandler.builder(vertx, routes)
                  .options(options.proxy())
                  .reservedPaths(Set.of(PublicListener.HEALTH_PATH));
          options.errorTarget().ifPresent(t -> builder.errorHandler(new ErrorTarget(hubClient, t)));
          hubSessionAuth.ifPresent(builder::addInterceptor);
          return builder.build();
        };
    HttpServer apiServer =
        vertx
            .createHttpServer(apiOptions(options))
            .requestHandler(new RouteApi(routes, options.authToken()));
    if (options.authToken().isEmpty()) {
      log.warn("No route API token set (CONFIGPROXY_AUTH_TOKEN): the route API is unauthenticated");
    }
    List<PublicListener> listening = new ArrayList<>();
    try {
      listening.addAll(
          PublicListener.startAll(vertx, listeners, publicOptions(options), proxies).await());
      int actualPort = listening.getFirst().port();
      apiServer.listen().await();
      log.info(
          "Proxy listening on {}:{} ({} event loops), route API on {}:{}",
          options.ip(),
          actualPort,
          listeners,
          options.apiIp(),
          apiServer.actualPort());
      return new StandaloneProxy(routes, hubClient, listening, actualPort, apiServer);
    } catch (RuntimeException e) {
      Future.join(PublicListener.closeAll(listening), apiServer.close(), hubClient.close()).await();
      throw e;
    }
  }

  private static HttpServerOptions apiOptions(StandaloneProxyOptions options) {
    HttpServerOptions apiOptions =
        new HttpServerOptions().setHost(options.apiIp()).setPort(options.apiPort());
    options
        .apiTls()
        .ifPresent(
            apiTls -> {
              apiOptions
                  .setSsl(true)
                  .setKeyCertOptions(keyCertOptions(apiTls.tls()))
                  .setClientAuth(apiTls.clientAuth());
              apiTls
                  .clientCertificates()
                  .ifPresent(
                      ca ->
                          apiOptions.setTrustOptions(
                              new PemTrustOptions().addCertPath(ca.toString())));
            });
    return apiOptions;
  }

  private static HttpServerOptions publicOptions(StandaloneProxyOptions options) {
    HttpServerOptions publicOptions =
        new HttpServerOptions()
            .setHost(options.ip())
            .setPort(options.port())
            .setTcpNoDelay(true)
            .setHandle100ContinueAutomatically(false)
            // HTTP/1.1 only, like configurable-http-proxy: an h2c upgrade offer is ignored, so the
            // connection stays on the Netty path (see ProxyHandler#connectionHandler)
            .setHttp2ClearTextEnabled(false)
            // WebSockets are tunnelled as bytes, never terminated here: without these the server
            // inspects every request and response for WebSocket extension negotiation.
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false);
    options
        .tls()
        .ifPresent(tls -> publicOptions.setSsl(true).setKeyCertOptions(keyCertOptions(tls)));
    return publicOptions;
  }

  private static PemKeyCertOptions keyCertOptions(StandaloneProxyOptions.Tls tls) {
    return new PemKeyCertOptions()
        .setCertPath(tls.certificate().toString())
        .setKeyPath(tls.key().toString());
  }

  /** The port of the public listener (useful when started on port 0). */
  public int port() {
    return port;
  }

  /** The port of the route API. */
  public int apiPort() {
    return apiServer.actualPort();
  }

  /** How many exchanges the public listeners relayed at the Netty level (tests). */
  long nettyPathExchanges() {
    return listeners.stream().mapToLong(PublicListener::nettyPathExchanges).sum();
  }

  /** The live route table (tests and embedding). */
  public InMemoryRouteTable routes() {
    return routes;
  }

  /** Stops listening and releases pooled connections; blocks until done. */
  @Override
  public void close() {
    Future.join(PublicListener.closeAll(listeners), apiServer.close(), hubClient.close()).await();
  }
}
