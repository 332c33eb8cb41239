package dev.ganymede.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * The proxy's one HTTP client to all targets: a keep-alive pool bounded per target, connect and
 * response timeouts from {@link ProxyOptions}, no decompression (bodies pass through as the target
 * encoded them), no redirects followed.
 *
 * <p>The client has no connection idle timeout on purpose: it would also cut idle WebSocket
 * tunnels, which leave the pool once upgraded. Idle pooled connections are closed by the keep-alive
 * timeout instead.
 */
final class Upstream {
  private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

  private final HttpClientAgent client;
  private final ProxyOptions options;

  Upstream(Vertx vertx, ProxyOptions options) {
    this.options = options;
    HttpClientOptions clientOptions =
        new HttpClientOptions()
            .setName("ganymede-proxy")
            .setKeepAlive(true)
            .setKeepAliveTimeout((int) options.keepAliveTimeout().toSeconds())
            .setPipelining(false)
            .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
            .setTcpNoDelay(true)
            .setDecompressionSupported(false)
            .setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES);
    PoolOptions poolOptions =
        new PoolOptions()
            .setHttp1MaxSize(options.maxConnectionsPerTarget())
            .setMaxWaitQueueSize(options.maxWaitQueuePerTarget());
    this.client = vertx.httpClientBuilder().with(clientOptions).with(poolOptions).build();
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
   * Obtains a request on a new connection of its own, outside the pool: for WebSocket upgrades,
   * whose connection lives as long as the WebSocket and must not hold a pool slot meanwhile. The
   * caller closes the connection ({@code request.connection().close()}) when the exchange ends.
   */
  Future<HttpClientRequest> openUnpooled(
      HttpServerRequest clientToProxyRequest, URI target, MultiMap proxyToServerHeaders) {
    RequestOptions requestOptions =
        requestOptions(clientToProxyRequest, target, proxyToServerHeaders);
    HttpConnectOptions connectOptions =
        new HttpConnectOptions()
            .setHost(requestOptions.getHost())
            .setPort(requestOptions.getPort())
            .setSsl(requestOptions.isSsl())
            .setConnectTimeout(options.connectTimeout().toMillis());
    return client
        .connect(connectOptions)
        .compose(
            connection -> connection.request(requestOptions).onFailure(e -> connection.close()));
  }

  private RequestOptions requestOptions(
      HttpServerRequest clientToProxyRequest, URI target, MultiMap proxyToServerHeaders) {
    boolean ssl = "https".equalsIgnoreCase(target.getScheme());
    String host = target.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = target.getPort() > 0 ? target.getPort() : ssl ? 443 : 80;
    String uri = ProxyHeaders.originForm(clientToProxyRequest.uri());
    String targetPath = target.getRawPath();
    if (targetPath != null && !targetPath.isEmpty() && !targetPath.equals("/")) {
      uri =
          (targetPath.endsWith("/") ? targetPath.substring(0, targetPath.length() - 1) : targetPath)
              + uri;
    }
    return new RequestOptions()
        .setMethod(clientToProxyRequest.method())
        .setHost(host)
        .setPort(port)
        .setSsl(ssl)
        .setURI(uri)
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

  Future<Void> close() {
    return client.close();
  }
}
