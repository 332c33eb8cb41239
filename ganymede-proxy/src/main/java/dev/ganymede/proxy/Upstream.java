package dev.ganymede.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * The proxy's one HTTP client to all targets: a keep-alive pool bounded per target, connect and
 * response timeouts from {@link ProxyOptions}, no decompression (bodies pass through as the target
 * encoded them), no redirects followed.
 *
 * <p>WebSocket upgrades do not use the pool: each gets a raw connection of its own ({@link
 * #connectForUpgrade}), which becomes one end of a tunnel: a bare Netty channel for {@code http}
 * targets (a Vert.x socket would allocate its outbound queue, a 4 KiB array, and more, only to be
 * replaced at once: most of the garbage of a burst of upgrades), a Vert.x {@code NetClient}
 * connection for {@code https} targets (TLS with host name verification). Neither client has a
 * connection idle timeout: it would cut idle WebSocket tunnels. Idle pooled connections are closed
 * by the keep-alive timeout instead.
 */
final class Upstream {
  private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

  private final HttpClientAgent client;
  private final NetClient tunnelClient;
  private final Bootstrap rawUpgrades;
  private final ChannelGroup tunnelChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ProxyOptions options;
  private final ClientSSLOptions tlsToTargets;

  Upstream(Vertx vertx, ProxyOptions options) {
    this.options = options;
    this.tlsToTargets = tlsOptions(options.targetTls());
    HttpClientOptions clientOptions =
        new HttpClientOptions()
            .setName("ganymede-proxy")
            .setKeepAlive(true)
            .setKeepAliveTimeout((int) options.keepAliveTimeout().toSeconds())
            .setPipelining(false)
            .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
            .setTcpNoDelay(true)
            .setDecompressionSupported(false)
            .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)
            .setVerifyHost(true);
    clientOptions.setTrustOptions(tlsToTargets.getTrustOptions());
    clientOptions.setKeyCertOptions(tlsToTargets.getKeyCertOptions());
    PoolOptions poolOptions =
        new PoolOptions()
            .setHttp1MaxSize(options.maxConnectionsPerTarget())
            .setMaxWaitQueueSize(options.maxWaitQueuePerTarget());
    this.client = vertx.httpClientBuilder().with(clientOptions).with(poolOptions).build();
    this.tunnelClient =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
                .setTcpNoDelay(true));
    this.rawUpgrades =
        new Bootstrap()
            .channelFactory(((VertxInternal) vertx).transport().channelFactory(false))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                Math.toIntExact(options.connectTimeout().toMillis()))
            .handler(Placeholder.INSTANCE);
  }

  /** TLS to {@code https} targets: host name verification, and the trust and key given. */
  private static ClientSSLOptions tlsOptions(TargetTls tls) {
    ClientSSLOptions ssl = new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
    tls.trustOptions().ifPresent(ssl::setTrustOptions);
    tls.keyCertOptions().ifPresent(ssl::setKeyCertOptions);
    return ssl;
  }

  /**
   * Obtains a pooled request to {@code target} for the client's method and target path (origin
   * form, full path and query kept). Completes on the caller's context; fails when no connection
   * could be had within the connect timeout.
   */
  Future<HttpClientRequest> open(
      HttpServerRequest clientToProxyRequest, URI target, MultiMap proxyToServerHeaders) {
    return client.request(requestOptions(clientToProxyRequest, target, proxyToServerHeaders));
  }

  /**
   * Opens a raw connection of its own to {@code target}, outside the pool, for a WebSocket upgrade
   * that the caller performs itself on the socket's Netty channel (see {@link WebSocketForwarder}):
   * open WebSockets never hold pool slots. TLS for {@code https} targets with host name
   * verification, as for pooled requests. Completes on the caller's context, whose event loop the
   * connection then lives on; fails when no connection could be had within the connect timeout.
   */
  Future<ChannelHandlerContext> connectForUpgrade(URI target) {
    TargetAddress address = TargetAddress.of(target);
    if (!address.ssl()) {
      return connectRaw(address);
    }
    ConnectOptions connectOptions =
        new ConnectOptions()
            .setHost(address.host())
            .setPort(address.port())
            .setSsl(true)
            .setSslOptions(tlsToTargets)
            .setTimeout(Math.toIntExact(options.connectTimeout().toMillis()));
    return tunnelClient
        .connect(connectOptions)
        .map(socket -> ((NetSocketInternal) socket).channelHandlerContext());
  }

  /**
   * A bare channel to {@code address} on the calling context's event loop, whose pipeline holds one
   * placeholder handler for {@link TargetHandshake} to replace.
   */
  private Future<ChannelHandlerContext> connectRaw(TargetAddress address) {
    ContextInternal context = ContextInternal.current();
    Promise<ChannelHandlerContext> connected = context.promise();
    ChannelFuture connecting =
        rawUpgrades.clone(context.nettyEventLoop()).connect(address.host(), address.port());
    tunnelChannels.add(connecting.channel());
    connecting.addListener(
        f -> {
          if (f.isSuccess()) {
            connected.tryComplete(connecting.channel().pipeline().context(Placeholder.class));
          } else {
            connected.tryFail(f.cause());
          }
        });
    return connected.future();
  }

  /** Holds a raw upgrade connection's place in its pipeline until the handshake takes over. */
  @ChannelHandler.Sharable
  private static final class Placeholder extends ChannelInboundHandlerAdapter {
    static final Placeholder INSTANCE = new Placeholder();
  }

  /**
   * The request target sent to {@code target}: the client's path and query in origin form, under
   * the target's own path if it has one.
   */
  static String targetUri(HttpServerRequest clientToProxyRequest, URI target) {
    return targetUri(clientToProxyRequest.uri(), target);
  }

  /** {@link #targetUri(HttpServerRequest, URI)} for the client's request target {@code uri}. */
  static String targetUri(String clientUri, URI target) {
    String uri = ProxyHeaders.originForm(clientUri);
    String targetPath = target.getRawPath();
    if (targetPath != null && !targetPath.isEmpty() && !targetPath.equals("/")) {
      uri =
          (targetPath.endsWith("/") ? targetPath.substring(0, targetPath.length() - 1) : targetPath)
              + uri;
    }
    return uri;
  }

  private RequestOptions requestOptions(
      HttpServerRequest clientToProxyRequest, URI target, MultiMap proxyToServerHeaders) {
    TargetAddress address = TargetAddress.of(target);
    return new RequestOptions()
        .setMethod(clientToProxyRequest.method())
        .setHost(address.host())
        .setPort(address.port())
        .setSsl(address.ssl())
        .setURI(targetUri(clientToProxyRequest, target))
        .setHeaders(proxyToServerHeaders)
        .setFollowRedirects(false)
        .setConnectTimeout(options.connectTimeout().toMillis());
  }

  /**
   * Starts the response timeout once the request has been sent completely, unless the response head
   * already arrived; the timer stops when it does.
   */
  void startResponseTimeout(HttpClientRequest proxyToServerRequest) {
    if (!proxyToServerRequest.response().isComplete()) {
      proxyToServerRequest.idleTimeout(options.responseTimeout().toMillis());
    }
  }

  /** What to tell the client when the request was sent but no response head came back. */
  static ProxyFailure failureBeforeResponse(Throwable cause) {
    return cause instanceof TimeoutException
        ? ProxyFailure.TARGET_TIMEOUT
        : ProxyFailure.BAD_GATEWAY;
  }

  /** Closes the pool and the connections of open WebSocket tunnels. */
  Future<Void> close() {
    tunnelChannels.close();
    return Future.join(client.close(), tunnelClient.close()).mapEmpty();
  }
}
