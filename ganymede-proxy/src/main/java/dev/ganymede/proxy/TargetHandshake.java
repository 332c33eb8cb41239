package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target side of a WebSocket upgrade, spoken directly on the Netty channel of a raw connection
 * ({@link Upstream#connectForUpgrade}): the one handler that connection has (a placeholder, or
 * Vert.x's for an {@code https} target) is replaced by an HTTP/1.1 request encoder, a response
 * decoder and this handler, which sends the upgrade request and reports the answer to a {@link
 * Listener}.
 *
 * <ul>
 *   <li>{@code 101}: reading stops, the HTTP codec is removed and every byte that follows the
 *       response head is held, including bytes that arrived in the same read as the head (a Jupyter
 *       kernel often sends its first frames right behind its {@code 101}; the decoder hands them
 *       over when it is removed). The listener is told {@link Listener#upgraded}; it must then call
 *       {@link #attach} once the client has its {@code 101}, which writes the held bytes to the
 *       client first and then puts a {@link TunnelRelay} in this handler's place, or {@link
 *       #abandon}.
 *   <li>Any other final status: {@link Listener#refused} with the head, then the body in {@link
 *       Listener#body} pieces (flow-controlled with {@link #pauseReading}/{@link #resumeReading});
 *       the connection is closed after the last piece. Interim {@code 1xx} answers are skipped.
 *   <li>No answer within the response timeout (counted from when the request was sent), a malformed
 *       answer, or the connection closing first: {@link Listener#failed}, and the connection is
 *       closed. A refusal whose body is cut short also ends in {@code failed}.
 * </ul>
 *
 * <p>Threading: the handler and the listener run on the target channel's event loop; {@link
 * #attach}, {@link #abandon}, {@link #pauseReading} and {@link #resumeReading} may be called from
 * any thread (they run on that event loop). The listener is called at most once with {@code
 * upgraded}, {@code refused} or {@code failed} (a refusal may end in {@code failed} after its
 * head).
 *
 * <pre>{@code
 * TargetHandshake.start(targetSocket, proxyToServerRequest, responseTimeout, listener);
 * // listener.upgraded(head): relay the 101 to the client, splice the client channel, then
 * handshake.attach(clientChannel, match);
 * }</pre>
 */
final class TargetHandshake extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(TargetHandshake.class);
  private static final String NAME = "ganymede-upgrade";
  private static final String ENCODER = "ganymede-upgrade-encoder";
  private static final String DECODER = "ganymede-upgrade-decoder";
  private static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

  /** What became of the upgrade request; called on the target channel's event loop. */
  interface Listener {
    /** The target switched protocols; the caller must {@link #attach} or {@link #abandon}. */
    void upgraded(HttpResponse serverToProxyResponse);

    /** The target answered with another final status; the body follows in {@link #body}. */
    void refused(HttpResponse serverToProxyResponse);

    /** A piece of the refusal's body (possibly empty); {@code last} ends it. */
    void body(Buffer chunk, boolean last);

    /** No complete answer: the connection failed, closed, timed out or sent garbage. */
    void failed(ProxyFailure failure, String reason);
  }

  private enum State {
    AWAITING_HEAD,
    REFUSED,
    UPGRADED,
    DONE
  }

  private final HttpRequest proxyToServerRequest;
  private final Duration responseTimeout;
  private final Listener listener;
  private final Channel channel;
  private ChannelHandlerContext ctx;
  private State state = State.AWAITING_HEAD;
  private ScheduledFuture<?> timeout;
  private ArrayDeque<ByteBuf> held;

  private TargetHandshake(
      Channel channel,
      HttpRequest proxyToServerRequest,
      Duration responseTimeout,
      Listener listener) {
    this.channel = channel;
    this.proxyToServerRequest = proxyToServerRequest;
    this.responseTimeout = responseTimeout;
    this.listener = listener;
  }

  /**
   * Takes over the channel of {@code placeholder} (the handler {@link Upstream#connectForUpgrade}
   * left in its pipeline, which this one replaces) and sends {@code proxyToServerRequest} (a
   * request without body, which this handler releases).
   */
  static TargetHandshake start(
      ChannelHandlerContext placeholder,
      HttpRequest proxyToServerRequest,
      Duration responseTimeout,
      Listener listener) {
    TargetHandshake handshake =
        new TargetHandshake(placeholder.channel(), proxyToServerRequest, responseTimeout, listener);
    handshake.onEventLoop(
        () -> {
          ChannelPipeline pipeline = placeholder.pipeline();
          String name = placeholder.name();
          pipeline.addBefore(name, ENCODER, new HttpRequestEncoder());
          pipeline.addBefore(
              name,
              DECODER,
              new HttpResponseDecoder(
                  new HttpDecoderConfig().setMaxHeaderSize(MAX_RESPONSE_HEADER_BYTES)));
          pipeline.replace(name, NAME, handshake);
        });
    return handshake;
  }

  /** The target connection's channel. */
  Channel channel() {
    return channel;
  }

  /**
   * After {@link Listener#upgraded}, once the client has received the {@code 101}: writes the held
   * bytes to {@code client} and relays from now on (see {@link TunnelRelay}). If the target closed
   * meanwhile, the client is closed after the held bytes.
   */
  void attach(Channel client, RouteMatch match) {
    onEventLoop(
        () -> {
          if (state != State.UPGRADED) {
            TunnelRelay.closeAfterFlush(client);
            return;
          }
          state = State.DONE;
          if (!held.isEmpty()) {
            match.recordActivity();
          }
          for (ByteBuf bytes = held.poll(); bytes != null; bytes = held.poll()) {
            client.write(bytes, client.voidPromise());
          }
          client.flush();
          ctx.pipeline().replace(this, TunnelRelay.NAME, new TunnelRelay(client, match));
        });
  }

  /** Gives up: the client side could not be upgraded or went away. Closes the connection. */
  void abandon() {
    onEventLoop(
        () -> {
          state = State.DONE;
          releaseHeld();
          channel.close();
        });
  }

  /** Stops reading a refusal's body until {@link #resumeReading}. */
  void pauseReading() {
    channel.config().setAutoRead(false);
  }

  void resumeReading() {
    channel.config().setAutoRead(true);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (!ctx.channel().isActive()) {
      ReferenceCountUtil.release(proxyToServerRequest);
      fail(ProxyFailure.BAD_GATEWAY, "connection closed before the request was sent");
      return;
    }
    ctx.writeAndFlush(proxyToServerRequest)
        .addListener(
            sent -> {
              if (!sent.isSuccess()) {
                fail(ProxyFailure.BAD_GATEWAY, "request not sent: " + sent.cause());
              } else if (state == State.AWAITING_HEAD) {
                timeout =
                    ctx.executor()
                        .schedule(
                            () ->
                                fail(
                                    ProxyFailure.TARGET_TIMEOUT,
                                    "no response within " + responseTimeout),
                            responseTimeout.toMillis(),
                            TimeUnit.MILLISECONDS);
              }
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    switch (state) {
      case AWAITING_HEAD -> readHead(ctx, msg);
      case REFUSED -> readRefusalBody(msg);
      case UPGRADED -> hold(msg);
      case DONE -> ReferenceCountUtil.release(msg);
    }
  }

  private void readHead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpResponse head)) {
      // the end of an interim (1xx) response, or a stray message
      failIfMalformed(msg);
      ReferenceCountUtil.release(msg);
      return;
    }
    if (failIfMalformed(head)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    int status = head.status().code();
    if (status == 101) {
      cancelTimeout();
      state = State.UPGRADED;
      held = new ArrayDeque<>(2);
      ctx.channel().config().setAutoRead(false);
      ChannelPipeline pipeline = ctx.pipeline();
      pipeline.remove(ENCODER);
      // Bytes the decoder still holds (sent with the 101) come back to channelRead: held.
      pipeline.remove(DECODER);
      listener.upgraded(head);
    } else if (status >= 100 && status < 200) {
      ReferenceCountUtil.release(msg);
    } else {
      cancelTimeout();
      state = State.REFUSED;
      listener.refused(head);
    }
  }

  private void readRefusalBody(Object msg) {
    try {
      if (!(msg instanceof HttpContent content) || failIfMalformed(content)) {
        return;
      }
      boolean last = content instanceof LastHttpContent;
      listener.body(Buffer.buffer(ByteBufUtil.getBytes(content.content())), last);
      if (last) {
        state = State.DONE;
        channel.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void hold(Object msg) {
    ByteBuf bytes = TunnelRelay.bytesOf(msg);
    if (bytes != null && bytes.isReadable()) {
      held.add(bytes);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Fails the handshake if the decoder could not parse {@code msg}; true if it did. */
  private boolean failIfMalformed(Object msg) {
    if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
      fail(ProxyFailure.BAD_GATEWAY, "malformed response: " + object.decoderResult().cause());
      return true;
    }
    return false;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    switch (state) {
      case AWAITING_HEAD -> fail(ProxyFailure.BAD_GATEWAY, "connection closed before a response");
      case REFUSED -> fail(ProxyFailure.BAD_GATEWAY, "connection closed in the response body");
      case UPGRADED, DONE -> {
        // attach() sees the closed channel and closes the client after the held bytes
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug(
        "WebSocket upgrade to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimeout();
  }

  private void fail(ProxyFailure failure, String reason) {
    if (state != State.AWAITING_HEAD && state != State.REFUSED) {
      return;
    }
    state = State.DONE;
    cancelTimeout();
    channel.close();
    listener.failed(failure, reason);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void releaseHeld() {
    if (held != null) {
      for (ByteBuf bytes = held.poll(); bytes != null; bytes = held.poll()) {
        bytes.release();
      }
    }
  }

  private void onEventLoop(Runnable task) {
    if (channel.eventLoop().inEventLoop()) {
      task.run();
    } else {
      channel.eventLoop().execute(task);
    }
  }
}
