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
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
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
  private final ProxyHandler proxy;
  private final HttpClient hubClient;
  private final HttpServer publicServer;
  private final HttpServer apiServer;

  private StandaloneProxy(
      InMemoryRouteTable routes,
      ProxyHandler proxy,
      HttpClient hubClient,
      HttpServer publicServer,
      HttpServer apiServer) {
    this.routes = routes;
    this.proxy = proxy;
    this.hubClient = hubClient;
    this.publicServer = publicServer;
    this.apiServer = apiServer;
  }

  /** Starts both listeners on {@code vertx}; blocks until they listen. */
  public static StandaloneProxy start(Vertx vertx, StandaloneProxyOptions options) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
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
    ProxyHandler.Builder builder = ProxyHandler.builder(vertx, routes).options(options.proxy());
    options.errorTarget().ifPresent(t -> builder.errorHandler(new ErrorTarget(hubClient, t)));
    if (options.hubAuthUrl().isPresent()) {
      builder.addInterceptor(
          new HubSessionAuth(
              hubClient,
              options.hubAuthUrl().get(),
              options.authToken().orElse(""),
              SESSION_COOKIE,
              new AuthCache(
                  Clock.systemUTC(),
                  options.authCacheTtl(),
                  options.authStaleTtl(),
                  AUTH_CACHE_ENTRIES)));
    }
    ProxyHandler proxy = builder.build();
    HttpServerOptions publicOptions =
        new HttpServerOptions()
            .setHost(options.ip())
            .setPort(options.port())
            .setTcpNoDelay(true)
            .setHandle100ContinueAutomatically(false);
    options
        .tls()
        .ifPresent(
            tls ->
                publicOptions
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certificate().toString())
                            .setKeyPath(tls.key().toString())));
    HttpServer publicServer =
        vertx
            .createHttpServer(publicOptions)
            .requestHandler(
                request -> {
                  if ("/_chp_healthz".equals(request.path())) {
                    request
                        .response()
                        .putHeader("Content-Type", "application/json")
                        .end("{\"status\":\"OK\"}");
                  } else {
                    proxy.handle(request);
                  }
                });
    HttpServer apiServer =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(options.apiIp()).setPort(options.apiPort()))
            .requestHandler(new RouteApi(routes, options.authToken()));
    if (options.authToken().isEmpty()) {
      log.warn("No route API token set (CONFIGPROXY_AUTH_TOKEN): the route API is unauthenticated");
    }
    try {
      publicServer.listen().await();
      apiServer.listen().await();
    } catch (RuntimeException e) {
      publicServer.close();
      apiServer.close();
      proxy.close();
      hubClient.close();
      throw e;
    }
    log.info(
        "Proxy listening on {}:{}, route API on {}:{}",
        options.ip(),
        publicServer.actualPort(),
        options.apiIp(),
        apiServer.actualPort());
    return new StandaloneProxy(routes, proxy, hubClient, publicServer, apiServer);
  }

  /** The port of the public listener (useful when started on port 0). */
  public int port() {
    return publicServer.actualPort();
  }

  /** The port of the route API. */
  public int apiPort() {
    return apiServer.actualPort();
  }

  /** The live route table (tests and embedding). */
  public InMemoryRouteTable routes() {
    return routes;
  }

  /** Stops listening and releases pooled connections; blocks until done. */
  @Override
  public void close() {
    Future.join(publicServer.close(), apiServer.close(), proxy.close(), hubClient.close()).await();
  }
}
