package dev.ganymede.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Netty path of a {@link ProxyHandler}: plain HTTP/1.1 exchanges relayed by Netty handlers
 * alone, bypassing Vert.x's server request/response and HTTP client objects (see {@link
 * FastPathConnection} for which requests qualify and how a connection switches between the paths).
 *
 * <p>Holds one {@link TargetPool} per event loop and target, and the failures handed back to the
 * Vert.x path to answer ({@link #takeFailure}): the Netty path answers no failure itself, so the
 * error handler (JSON, or the hub's error page) answers exactly as it does for the Vert.x path.
 *
 * <p>Thread-safety: {@link #attach} and {@link #takeFailure} may be called on any event loop; the
 * pools of one event loop are only used on it.
 */
final class FastPath {
  private final InMemoryRouteTable routes;
  private final ProxyOptions options;
  private final boolean hasFallback;
  private final InterceptorChain interceptors;
  private final Set<String> reservedPaths;
  private final ChannelFactory<? extends Channel> channels;
  private final ConcurrentHashMap<EventLoop, Map<TargetAddress, TargetPool>> pools =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<HttpConnection, ProxyFailure> failures =
      new ConcurrentHashMap<>();
  private final LongAdder exchanges = new LongAdder();

  FastPath(
      Vertx vertx,
      InMemoryRouteTable routes,
      ProxyOptions options,
      boolean hasFallback,
      InterceptorChain interceptors,
      Set<String> reservedPaths) {
    this.routes = routes;
    this.options = options;
    this.hasFallback = hasFallback;
    this.interceptors = interceptors;
    this.reservedPaths = Set.copyOf(reservedPaths);
    this.channels = ((VertxInternal) vertx).transport().channelFactory(false);
  }

  /**
   * Puts a {@link FastPathConnection} in front of Vert.x's handler of {@code connection}, if it is
   * an HTTP/1.x connection (HTTP/2 connections stay with Vert.x). Called from the server's
   * connection handler, before the connection reads its first request. The channel is reached
   * through Vert.x's {@code Http1xServerConnection} (an implementation class: Vert.x has no
   * internal interface for a server connection's channel), the one place a Vert.x upgrade may need
   * adapting.
   */
  void attach(HttpConnection connection) {
    if (!(connection instanceof Http1xServerConnection http1)) {
      return;
    }
    ChannelHandlerContext vertxHandler = http1.channelHandlerContext();
    if (vertxHandler.pipeline().get(HttpResponseEncoder.class) == null) {
      return; // the Netty path writes its responses past Vert.x's encoder: none, no Netty path
    }
    Channel channel = vertxHandler.channel();
    EventLoop loop = channel.eventLoop();
    Map<TargetAddress, TargetPool> loopPools = pools.computeIfAbsent(loop, l -> new HashMap<>());
    boolean ssl = vertxHandler.pipeline().get(SslHandler.class) != null;
    vertxHandler
        .pipeline()
        .addBefore(
            vertxHandler.name(),
            FastPathConnection.NAME,
            new FastPathConnection(this, connection, loopPools, ssl));
  }

  /**
   * The route of {@code head} if the Netty path may relay it: a successfully decoded HTTP/1.1
   * request in origin form with a {@code Host}, not a WebSocket upgrade (other {@code Upgrade}
   * offers are hop-by-hop headers, dropped as on the Vert.x path), no {@code Expect}, not {@code
   * CONNECT}, not a reserved path, matching a route with a plain {@code http} target that no
   * interceptor applies to and that the Vert.x path would not hand to the fallback.
   */
  RouteMatch decide(HttpRequest head) {
    if (!head.decoderResult().isSuccess() || head.protocolVersion() != HttpVersion.HTTP_1_1) {
      return null;
    }
    String uri = head.uri();
    if (uri.isEmpty() || uri.charAt(0) != '/' || head.method() == HttpMethod.CONNECT) {
      return null;
    }
    HttpHeaders headers = head.headers();
    if (!headers.contains(HttpHeaderNames.HOST)
        || headers.contains(HttpHeaderNames.EXPECT)
        || (headers.contains(HttpHeaderNames.UPGRADE) && ProxyHeaders.isWebSocketUpgrade(head))) {
      return null;
    }
    if (isReserved(uri)) {
      return null;
    }
    RouteMatch match =
        routes
            .match(RoutingKey.of(options.hostRouting(), headers.get(HttpHeaderNames.HOST), uri))
            .orElse(null);
    if (match == null) {
      return null;
    }
    Route route = match.route();
    if (hasFallback && route.prefix().equals("/")) {
      return null;
    }
    if (!"http".equalsIgnoreCase(route.target().getScheme())
        || interceptors.appliesTo(route, false)) {
      return null;
    }
    return match;
  }

  private boolean isReserved(String uri) {
    for (String path : reservedPaths) {
      if (uri.startsWith(path)
          && (uri.length() == path.length() || PathSegments.pathEnd(uri) == path.length())) {
        return true;
      }
    }
    return false;
  }

  ProxyOptions options() {
    return options;
  }

  TargetPool pool(Map<TargetAddress, TargetPool> loopPools, EventLoop loop, TargetAddress address) {
    TargetPool pool = loopPools.get(address);
    if (pool == null) {
      pool = new TargetPool(loop, channels, address, options, loopPools);
      loopPools.put(address, pool);
    }
    return pool;
  }

  /** How many target pools exist on all event loops (tests; racy read of the loops' maps). */
  int pools() {
    int count = 0;
    for (Map<TargetAddress, TargetPool> loopPools : pools.values()) {
      count += loopPools.size();
    }
    return count;
  }

  void counted() {
    exchanges.increment();
  }

  /** How many exchanges took the Netty path. */
  long exchanges() {
    return exchanges.sum();
  }

  /** The next request Vert.x reads on {@code connection} is to be answered with {@code failure}. */
  void handBack(HttpConnection connection, ProxyFailure failure) {
    failures.put(connection, failure);
  }

  void forget(HttpConnection connection) {
    if (!failures.isEmpty()) {
      failures.remove(connection);
    }
  }

  /** The failure the Netty path handed back with this connection's request, or null. */
  ProxyFailure takeFailure(HttpConnection connection) {
    return failures.isEmpty() ? null : failures.remove(connection);
  }

  /** Closes idle pooled connections on every event loop. */
  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    pools.forEach(
        (loop, loopPools) -> {
          io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
          try {
            loop.execute(
                () -> {
                  loopPools.values().forEach(TargetPool::close);
                  closed.complete();
                });
          } catch (java.util.concurrent.RejectedExecutionException e) {
            closed.complete();
          }
          closing.add(closed.future());
        });
    return Future.join(closing).mapEmpty();
  }
}
