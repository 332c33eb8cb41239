package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.ProxyHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One listener of the standalone proxy's public port per event loop: its server, its {@link
 * ProxyHandler} and that handler's connection pool all live on one event loop, so a proxied
 * exchange never crosses threads. Answers {@code GET /_chp_healthz} itself. Each connection gets
 * the proxy's Netty path ({@link ProxyHandler#connectionHandler()}), which relays plain HTTP/1.1
 * exchanges without Vert.x's request objects and leaves the health path to this listener.
 *
 * <p>The listeners are pinned to distinct event loops explicitly (Vert.x's internal context
 * builder): deploying verticle instances relies on the event-loop group's round robin, which other
 * context creations can advance concurrently, so two instances could share a loop and leave a core
 * idle. All listeners listen on one port, which Vert.x binds once and shares among them, handing
 * new connections to each in turn.
 */
final class PublicListener {
  /** Answered by the listener itself, never proxied. */
  static final String HEALTH_PATH = "/_chp_healthz";

  private static final AtomicInteger ANY_PORT_KEYS = new AtomicInteger();
  private final HttpServer server;
  private final ProxyHandler proxy;

  private PublicListener(HttpServer server, ProxyHandler proxy) {
    this.server = server;
    this.proxy = proxy;
  }

  /** Starts {@code count} listeners on distinct event loops (cycling if there are fewer). */
  static Future<List<PublicListener>> startAll(
      Vertx vertx, int count, HttpServerOptions serverOptions, Supplier<ProxyHandler> proxies) {
    VertxInternal internal = (VertxInternal) vertx;
    List<ContextInternal> contexts = new ArrayList<>();
    Iterator<EventExecutor> loops = internal.nettyEventLoopGroup().iterator();
    while (contexts.size() < count) {
      if (!loops.hasNext()) {
        loops = internal.nettyEventLoopGroup().iterator();
      }
      contexts.add(internal.contextBuilder().withEventLoop((EventLoop) loops.next()).build());
    }
    // Vert.x shares a listening socket among servers of one port; a negative port means "any
    // free port, shared by every server given this same negative number".
    int port =
        serverOptions.getPort() > 0 ? serverOptions.getPort() : -ANY_PORT_KEYS.incrementAndGet();
    List<PublicListener> started = new ArrayList<>();
    List<Future<PublicListener>> starting = new ArrayList<>();
    for (ContextInternal context : contexts) {
      starting.add(
          start(context, new HttpServerOptions(serverOptions).setPort(port), proxies)
              .onSuccess(
                  listener -> {
                    synchronized (started) {
                      started.add(listener);
                    }
                  }));
    }
    return Future.all(starting)
        .transform(
            done -> {
              if (done.succeeded()) {
                synchronized (started) {
                  return Future.succeededFuture(List.copyOf(started));
                }
              }
              return closeAll(started).transform(closed -> Future.failedFuture(done.cause()));
            });
  }

  private static Future<PublicListener> start(
      ContextInternal context, HttpServerOptions serverOptions, Supplier<ProxyHandler> proxies) {
    Promise<PublicListener> promise = context.promise();
    context.runOnContext(
        v -> {
          ProxyHandler proxy = proxies.get();
          HttpServer server =
              context
                  .owner()
                  .createHttpServer(serverOptions)
                  .connectionHandler(proxy.connectionHandler())
                  .requestHandler(
                      request -> {
                        if (HEALTH_PATH.equals(request.path())) {
                          request
                              .response()
                              .putHeader("Content-Type", "application/json")
                              .end("{\"status\":\"OK\"}");
                        } else {
                          proxy.handle(request);
                        }
                      });
          server
              .listen()
              .onSuccess(s -> promise.complete(new PublicListener(server, proxy)))
              .onFailure(
                  e -> {
                    proxy.close();
                    promise.fail(e);
                  });
        });
    return promise.future();
  }

  static Future<?> closeAll(List<PublicListener> listeners) {
    List<Future<?>> closing = new ArrayList<>();
    synchronized (listeners) {
      for (PublicListener listener : listeners) {
        closing.add(listener.server.close());
        closing.add(listener.proxy.close());
      }
    }
    return Future.join(closing);
  }

  long nettyPathExchanges() {
    return proxy.nettyPathExchanges();
  }

  int port() {
    return server.actualPort();
  }
}
