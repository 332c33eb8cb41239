package dev.ganymede.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Real servers on port 0 for proxy tests: a proxy (a Vert.x {@code HttpServer} with a {@link
 * ProxyHandler}), any number of backends, and clients pointed at the proxy. Close it to stop
 * everything.
 */
final class ProxyFixture implements AutoCloseable {
  /**
   * Whether fixtures started from now on leave out the proxy's Netty path, so that every request
   * takes the Vert.x path (see {@link ProxyHttpVertxPathIT}); tests run one at a time.
   */
  static volatile boolean vertxPathOnly;

  final Vertx vertx = TestVertx.create();
  final InMemoryRouteTable routes;
  final HttpClient client;
  final WebSocketClient webSocketClient;
  private final Context clientContext;
  private final List<HttpServer> servers = new ArrayList<>();
  private final ProxyHandler proxy;
  private final int proxyPort;

  private ProxyFixture(Clock clock, Consumer<ProxyHandler.Builder> configure) {
    routes = new InMemoryRouteTable(clock);
    ProxyHandler.Builder builder = ProxyHandler.builder(vertx, routes);
    configure.accept(builder);
    proxy = builder.build();
    HttpServer proxyServer = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"));
    if (!vertxPathOnly) {
      proxyServer.connectionHandler(proxy.connectionHandler());
    }
    proxyServer.requestHandler(proxy);
    proxyPort = resultOf(proxyServer.listen(0)).actualPort();
    servers.add(proxyServer);
    client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(proxyPort))
            .with(new PoolOptions().setHttp1MaxSize(16))
            .build();
    clientContext = vertx.getOrCreateContext();
    webSocketClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(proxyPort)
                .setMaxFrameSize(1024 * 1024)
                .setMaxMessageSize(8 * 1024 * 1024));
  }

  static ProxyFixture start() {
    return start(Clock.systemUTC(), b -> {});
  }

  static ProxyFixture start(Consumer<ProxyHandler.Builder> configure) {
    return start(Clock.systemUTC(), configure);
  }

  static ProxyFixture start(Clock clock, Consumer<ProxyHandler.Builder> configure) {
    return new ProxyFixture(clock, configure);
  }

  /** The event-loop context client interactions run on. */
  Context clientContext() {
    return clientContext;
  }

  int proxyPort() {
    return proxyPort;
  }

  /** How many per-target connection pools the proxy's Netty path holds. */
  int nettyPathPools() {
    return proxy.nettyPathPools();
  }

  /** How many exchanges the proxy relayed at the Netty level so far. */
  long nettyPathExchanges() {
    return proxy.nettyPathExchanges();
  }

  /** Starts a backend with an HTTP handler; its base URI is the route target. */
  URI backend(Handler<HttpServerRequest> handler) {
    return backend(new HttpServerOptions(), handler, null);
  }

  /** Starts a backend with HTTP and WebSocket handlers. */
  URI backend(
      HttpServerOptions options,
      Handler<HttpServerRequest> handler,
      Handler<ServerWebSocket> webSocketHandler) {
    HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1"));
    server.requestHandler(handler);
    if (webSocketHandler != null) {
      server.webSocketHandler(webSocketHandler);
    }
    int port = resultOf(server.listen(0)).actualPort();
    servers.add(server);
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Runs a client interaction on one event-loop context of the client side, so that callbacks
   * chained inside {@code action} run on that context in order (a body handler set in the response
   * callback never misses the end of a response that arrived at once).
   */
  <T> Future<T> onClient(Function<HttpClient, Future<T>> action) {
    Promise<T> promise = Promise.promise();
    clientContext.runOnContext(v -> action.apply(client).onComplete(promise));
    return promise.future();
  }

  /** Sends a request through the proxy and reads the whole response. */
  Response send(RequestOptions options, Buffer body) {
    return resultOf(
        onClient(
            c ->
                c.request(options)
                    .compose(
                        request ->
                            (body == null ? request.send() : request.send(body))
                                .compose(
                                    response ->
                                        response.body().map(b -> new Response(response, b))))));
  }

  Response get(String uri) {
    return send(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri), null);
  }

  /** Opens a WebSocket through the proxy; its handlers run on the client context. */
  Future<WebSocket> webSocket(WebSocketConnectOptions options) {
    Promise<WebSocket> promise = Promise.promise();
    clientContext.runOnContext(v -> webSocketClient.connect(options).onComplete(promise));
    return promise.future();
  }

  static <T> T resultOf(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no result within 30 s", e);
    }
  }

  /** Failure of a future, for tests that expect one. */
  static Throwable failureOf(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got success");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no result within 30 s", e);
    }
  }

  /** Closes the proxy handler alone (the servers stay up), as a proxy shutting down does. */
  Future<Void> closeProxyHandler() {
    return proxy.close();
  }

  @Override
  public void close() {
    try {
      resultOf(proxy.close());
    } finally {
      resultOf(vertx.close());
    }
  }

  /** A whole response: status, headers and body. */
  record Response(int status, io.vertx.core.MultiMap headers, Buffer body) {
    Response(HttpClientResponse response, Buffer body) {
      this(response.statusCode(), response.headers(), body);
    }

    String text() {
      return body.toString();
    }
  }
}
