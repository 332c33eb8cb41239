package dev.ganymede.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a WebSocket upgrade. The upgrade request goes to the target on a raw connection of its
 * own (outside the pool, so open WebSockets never hold pool slots), spoken by {@link
 * TargetHandshake}. If the target answers {@code 101}, its handshake response (accept key, chosen
 * sub-protocol, negotiated extensions) goes back to the client unchanged and the two connections
 * are spliced: each channel gets a {@link TunnelRelay} that writes what it reads to the other one.
 * Any other answer is relayed as a normal response and the target connection closed.
 *
 * <p>Why a byte tunnel rather than terminating the WebSocket on both sides: the handshake, the
 * sub-protocol choice and {@code permessage-deflate} stay end-to-end between browser and target (a
 * Vert.x server can only offer a fixed, server-wide sub-protocol list), frames are not decoded,
 * re-masked and re-encoded, and ping/pong/close with code and reason pass as they are. This is also
 * what configurable-http-proxy does.
 *
 * <p>Why Netty channels rather than Vert.x sockets once upgraded: an idle tunnel then costs two
 * channels and two small relays. Through Vert.x it cost two HTTP connections plus a {@code
 * NetSocket}, each with its own outbound queue (about 25 KiB per tunnel in all), and every chunk
 * took Vert.x's write path with a future. Reaching the channels takes internal Vert.x API, chosen
 * for being the documented way to do so (no {@code impl} class is used):
 *
 * <ul>
 *   <li>client side: {@link HttpServerRequest#toNetSocket()} writes the {@code 101} and returns a
 *       {@link NetSocketInternal}, whose {@code channelHandlerContext()} is the Vert.x handler that
 *       the relay replaces;
 *   <li>target side: Vert.x's HTTP client hides its channel (its upgraded connection is only
 *       reachable through {@code impl} classes), so the upgrade request is sent on a connection of
 *       its own ({@link Upstream#connectForUpgrade}: a bare Netty channel, or for an {@code https}
 *       target a {@code NetClient} connection) with Netty's own HTTP/1.1 codec; this also gives
 *       full control of the bytes that follow the {@code 101}.
 * </ul>
 *
 * <p>No byte is lost or reordered at the splice: bytes the target sends right behind its {@code
 * 101} are held by {@link TargetHandshake} (reading stops meanwhile) and written to the client
 * after the {@code 101}, before anything else. The client sends nothing before it has the {@code
 * 101} (RFC 6455 §4.1), and its relay is installed in the same event-loop task that wrote it.
 *
 * <p>Threading: {@link #forward} runs on the client request's context; the target connection is
 * opened from it, so both channels of a tunnel share its event loop. Answers from the target are
 * handled on that context.
 */
final class WebSocketForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketForwarder.class);
  private static final DefaultHttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory();

  private final Upstream upstream;
  private final ClientAnswers answers;
  private final Duration responseTimeout;

  WebSocketForwarder(Upstream upstream, ClientAnswers answers, Duration responseTimeout) {
    this.upstream = upstream;
    this.answers = answers;
    this.responseTimeout = responseTimeout;
  }

  /** Called on the client request's context with the request paused. */
  void forward(
      HttpServerRequest clientToProxyRequest,
      RouteMatch match,
      MultiMap proxyToServerHeaders,
      Set<String> hiddenResponseHeaders) {
    ContextInternal context =
        Objects.requireNonNull(
            (ContextInternal) Vertx.currentContext(), "forward must run on a Vert.x context");
    URI target = match.route().target();
    upstream
        .connectForUpgrade(target)
        .onComplete(
            connected -> {
              if (connected.failed()) {
                LOG.debug(
                    "No connection to {} for WebSocket {}: {}",
                    target,
                    clientToProxyRequest.path(),
                    connected.cause().toString());
                answers.fail(clientToProxyRequest, ProxyFailure.TARGET_UNAVAILABLE);
                return;
              }
              ChannelHandlerContext targetHandler = connected.result();
              HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
              if (proxyToClientResponse.closed()) {
                targetHandler.channel().close();
                return;
              }
              Exchange exchange =
                  new Exchange(context, clientToProxyRequest, match, hiddenResponseHeaders);
              exchange.handshake =
                  TargetHandshake.start(
                      targetHandler,
                      upgradeRequest(clientToProxyRequest, target, proxyToServerHeaders),
                      responseTimeout,
                      exchange);
              Channel targetChannel = exchange.handshake.channel();
              proxyToClientResponse.closeHandler(v -> targetChannel.close());
            });
  }

  private static HttpRequest upgradeRequest(
      HttpServerRequest clientToProxyRequest, URI target, MultiMap proxyToServerHeaders) {
    HttpRequest proxyToServerRequest =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            io.netty.handler.codec.http.HttpMethod.GET,
            Upstream.targetUri(clientToProxyRequest, target),
            Unpooled.EMPTY_BUFFER,
            HEADERS,
            HEADERS);
    for (Map.Entry<String, String> header : proxyToServerHeaders) {
      proxyToServerRequest.headers().add(header.getKey(), header.getValue());
    }
    if (!proxyToServerRequest.headers().contains(HttpHeaderNames.HOST)) {
      proxyToServerRequest
          .headers()
          .set(HttpHeaderNames.HOST, TargetAddress.of(target).hostHeader());
    }
    return proxyToServerRequest;
  }

  private static MultiMap headersOf(HttpResponse serverToProxyResponse) {
    MultiMap headers = HttpHeaders.headers();
    for (Map.Entry<String, String> header : serverToProxyResponse.headers()) {
      headers.add(header.getKey(), header.getValue());
    }
    return headers;
  }

  /**
   * One upgrade under way: takes the target's answer (on the target's event loop) over to the
   * client request's context and answers the client from there.
   */
  private final class Exchange implements TargetHandshake.Listener {
    private final ContextInternal context;
    private final HttpServerRequest clientToProxyRequest;
    private final RouteMatch match;
    private final Set<String> hiddenResponseHeaders;
    private TargetHandshake handshake;

    Exchange(
        ContextInternal context,
        HttpServerRequest clientToProxyRequest,
        RouteMatch match,
        Set<String> hiddenResponseHeaders) {
      this.context = context;
      this.clientToProxyRequest = clientToProxyRequest;
      this.match = match;
      this.hiddenResponseHeaders = hiddenResponseHeaders;
    }

    @Override
    public void upgraded(HttpResponse serverToProxyResponse) {
      context.emit(serverToProxyResponse, this::upgradeClient);
    }

    @Override
    public void refused(HttpResponse serverToProxyResponse) {
      context.emit(serverToProxyResponse, this::relayRefusal);
    }

    @Override
    public void body(Buffer chunk, boolean last) {
      context.emit(chunk, last ? this::endRefusal : this::relayRefusalBody);
    }

    @Override
    public void failed(ProxyFailure failure, String reason) {
      context.emit(
          failure,
          f -> {
            LOG.debug(
                "WebSocket upgrade to {} for {} failed: {}",
                match.route().target(),
                clientToProxyRequest.path(),
                reason);
            answers.fail(clientToProxyRequest, f);
          });
    }

    private void upgradeClient(HttpResponse serverToProxyResponse) {
      HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
      if (proxyToClientResponse.closed()) {
        handshake.abandon();
        return;
      }
      proxyToClientResponse.closeHandler(null);
      ProxyHeaders.toClient(
          headersOf(serverToProxyResponse),
          proxyToClientResponse.headers(),
          true,
          hiddenResponseHeaders);
      clientToProxyRequest.resume();
      clientToProxyRequest
          .toNetSocket()
          .onComplete(
              upgraded -> {
                if (upgraded.succeeded()
                    && upgraded.result() instanceof NetSocketInternal clientSocket) {
                  splice(clientSocket);
                } else {
                  LOG.debug(
                      "Client upgrade failed for {}: {}",
                      clientToProxyRequest.path(),
                      upgraded.failed() ? upgraded.cause().toString() : "not a TCP connection");
                  handshake.abandon();
                  if (upgraded.succeeded()) {
                    upgraded.result().close();
                  }
                }
              });
    }

    /** Replaces the client connection's Vert.x handler with a relay, then attaches the target. */
    private void splice(NetSocketInternal clientSocket) {
      ChannelHandlerContext vertxHandler = clientSocket.channelHandlerContext();
      Channel clientChannel = vertxHandler.channel();
      vertxHandler
          .pipeline()
          .replace(
              vertxHandler.name(), TunnelRelay.NAME, new TunnelRelay(handshake.channel(), match));
      handshake.attach(clientChannel, match);
    }

    private void relayRefusal(HttpResponse serverToProxyResponse) {
      HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
      if (proxyToClientResponse.closed()) {
        handshake.abandon();
        return;
      }
      clientToProxyRequest.resume();
      int status = serverToProxyResponse.status().code();
      proxyToClientResponse.setStatusCode(status);
      String reason = serverToProxyResponse.status().reasonPhrase();
      if (reason != null && !reason.isEmpty()) {
        proxyToClientResponse.setStatusMessage(reason);
      }
      ProxyHeaders.toClient(
          headersOf(serverToProxyResponse),
          proxyToClientResponse.headers(),
          false,
          hiddenResponseHeaders);
      if (status != 204
          && status != 304
          && !proxyToClientResponse.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        proxyToClientResponse.setChunked(true);
      }
    }

    private void relayRefusalBody(Buffer chunk) {
      HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
      if (proxyToClientResponse.closed()) {
        handshake.abandon();
        return;
      }
      proxyToClientResponse.write(chunk);
      if (proxyToClientResponse.writeQueueFull()) {
        handshake.pauseReading();
        proxyToClientResponse.drainHandler(v -> handshake.resumeReading());
      }
    }

    private void endRefusal(Buffer chunk) {
      HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
      if (proxyToClientResponse.closed()) {
        return;
      }
      proxyToClientResponse.closeHandler(null);
      match.recordActivity();
      if (chunk.length() > 0) {
        proxyToClientResponse.end(chunk);
      } else {
        proxyToClientResponse.end();
      }
    }
  }
}
