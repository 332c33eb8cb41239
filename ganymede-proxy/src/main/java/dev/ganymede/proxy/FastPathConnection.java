package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;

/**
 * Sits in a client connection's pipeline between Vert.x's HTTP/1.1 codec and Vert.x's connection
 * handler, and decides per request which path serves it: the Netty path ({@link FastExchange}) for
 * requests {@link FastPath#decide} accepts, otherwise Vert.x (the {@link ProxyHandler}), which gets
 * the decoded messages unchanged.
 *
 * <p>One exchange at a time, in request order:
 *
 * <ul>
 *   <li>While a Netty-path exchange is under way, requests the client pipelines behind it are held
 *       (reading stops) and dispatched once it is over.
 *   <li>While Vert.x has a response outstanding (counted from the requests passed to it and the
 *       last parts of responses it writes through this handler), every request goes to Vert.x,
 *       which serves pipelined requests in order itself; the next request after that may take the
 *       Netty path again.
 *   <li>A WebSocket upgrade request goes to Vert.x, and this handler leaves the pipeline: the
 *       connection becomes a tunnel if the target accepts. (An {@code h2c} upgrade never gets here:
 *       Vert.x's upgrade handler, when enabled, sits before this one.)
 *   <li>A Netty-path exchange that fails before the response started hands its request back to
 *       Vert.x with the failure ({@link FastPath#handBack}), so the proxy's error handler answers
 *       it.
 * </ul>
 *
 * <p>Threading: Netty calls it on the connection's event loop; its exchanges run there too.
 */
final class FastPathConnection extends ChannelDuplexHandler {
  static final String NAME = "ganymede-fast-path";

  private enum Inbound {
    /** Between requests. */
    NONE,
    /** The body of the current Netty-path request. */
    FAST,
    /** The rest of a request body whose exchange is already over. */
    DISCARD,
    /** A request (head and body) for Vert.x. */
    VERTX
  }

  private final FastPath fastPath;
  private final HttpConnection vertxConnection;
  private final Map<TargetAddress, TargetPool> pools;
  private final boolean ssl;
  private ChannelHandlerContext ctx;
  private ChannelHandlerContext encoderCtx;
  private Inbound inbound = Inbound.NONE;
  private int vertxResponsesOutstanding;
  private FastExchange exchange;
  private ArrayDeque<Object> held;
  private boolean draining;
  private boolean readingStopped;
  private String forwardedHost;
  private TargetRequestHead.Forwarded forwarded;

  FastPathConnection(
      FastPath fastPath,
      HttpConnection vertxConnection,
      Map<TargetAddress, TargetPool> pools,
      boolean ssl) {
    this.fastPath = fastPath;
    this.vertxConnection = vertxConnection;
    this.pools = pools;
    this.ssl = ssl;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.encoderCtx = ctx.pipeline().context(HttpResponseEncoder.class);
  }

  /**
   * Writes bytes of a Netty-path response, already framed ({@link TargetResponseParser}), past
   * Vert.x's response encoder, which only sees Vert.x's own responses.
   */
  void rawWrite(ByteBuf bytes) {
    encoderCtx.write(bytes, encoderCtx.voidPromise());
  }

  /** {@link #rawWrite} and a flush. */
  void rawWriteAndFlush(ByteBuf bytes) {
    encoderCtx.writeAndFlush(bytes, encoderCtx.voidPromise());
  }

  /**
   * The values of {@code X-Forwarded-*} for this connection's requests with this {@code Host}
   * header: worked out again only when it changes (a client's requests normally all carry the same
   * one).
   */
  TargetRequestHead.Forwarded forwarded(String clientHost) {
    if (forwarded == null || !Objects.equals(clientHost, forwardedHost)) {
      String remoteHost =
          ctx.channel().remoteAddress() instanceof InetSocketAddress inet
                  && inet.getAddress() != null
              ? inet.getAddress().getHostAddress()
              : null;
      forwardedHost = clientHost;
      forwarded =
          new TargetRequestHead.Forwarded(
              remoteHost, ProxyHeaders.forwardedPort(clientHost, ssl), ssl);
    }
    return forwarded;
  }

  ChannelHandlerContext context() {
    return ctx;
  }

  FastPath fastPath() {
    return fastPath;
  }

  TargetPool pool(TargetAddress address) {
    return fastPath.pool(pools, ctx.channel().eventLoop(), address);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if ((held != null && !held.isEmpty()) || (exchange != null && exchange.requestEnded())) {
      hold(msg);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest head) {
      startRequest(head);
    } else if (msg instanceof HttpContent content) {
      boolean last = content instanceof LastHttpContent;
      switch (inbound) {
        case FAST -> {
          if (last) {
            inbound = Inbound.NONE;
          }
          if (exchange != null) {
            exchange.requestContent(content);
          } else {
            content.release();
          }
        }
        case DISCARD -> {
          content.release();
          if (last) {
            inbound = Inbound.NONE;
          }
        }
        case VERTX, NONE -> {
          if (last) {
            inbound = Inbound.NONE;
          }
          ctx.fireChannelRead(content);
        }
      }
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void startRequest(HttpRequest head) {
    if (vertxResponsesOutstanding > 0) {
      toVertx(head);
      return;
    }
    RouteMatch match = fastPath.decide(head);
    if (match == null) {
      if (ProxyHeaders.isWebSocketUpgrade(head)) {
        ctx.fireChannelRead(head);
        ctx.pipeline().remove(this);
      } else {
        toVertx(head);
      }
      return;
    }
    fastPath.counted();
    inbound = Inbound.FAST;
    exchange = new FastExchange(this, head, match);
    exchange.start();
  }

  private void toVertx(HttpRequest head) {
    vertxResponsesOutstanding++;
    inbound = head instanceof LastHttpContent ? Inbound.NONE : Inbound.VERTX;
    ctx.fireChannelRead(head);
  }

  private void hold(Object msg) {
    if (held == null) {
      held = new ArrayDeque<>(4);
    }
    held.add(msg);
    updateReading();
  }

  /** Stops or resumes reading the client: stopped while requests are held or an exchange asks. */
  void updateReading() {
    boolean stop =
        (held != null && !held.isEmpty()) || (exchange != null && exchange.clientPaused());
    if (stop != readingStopped) {
      readingStopped = stop;
      ctx.channel().config().setAutoRead(!stop);
    }
  }

  /**
   * The exchange answered the client completely; {@code close} after a {@code Connection: close}.
   */
  void exchangeDone(FastExchange done, boolean close) {
    if (exchange != done) {
      return;
    }
    exchange = null;
    if (inbound == Inbound.FAST) {
      inbound = Inbound.DISCARD;
    }
    if (close) {
      releaseHeld();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    drainHeld();
  }

  /**
   * The exchange failed before any byte of its response: Vert.x gets the request (its head, and
   * what is left of its body) to answer {@code failure} through the proxy's error handler.
   */
  void handBack(FastExchange failed, HttpRequest head, ProxyFailure failure) {
    if (exchange != failed) {
      return;
    }
    exchange = null;
    fastPath.handBack(vertxConnection, failure);
    boolean bodyComplete = inbound != Inbound.FAST;
    vertxResponsesOutstanding++;
    inbound = bodyComplete ? Inbound.NONE : Inbound.VERTX;
    ctx.fireChannelRead(head); // as the client sent it: the Netty path wrote its own copy
    if (bodyComplete) {
      ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    ctx.fireChannelReadComplete();
    drainHeld();
  }

  /** The exchange broke after its response started: the client connection is closed. */
  void abort(FastExchange failed) {
    if (exchange == failed) {
      exchange = null;
      if (inbound == Inbound.FAST) {
        inbound = Inbound.DISCARD;
      }
    }
    releaseHeld();
    ctx.close();
  }

  private void drainHeld() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      boolean dispatched = false;
      while (held != null
          && !held.isEmpty()
          && !(exchange != null && exchange.requestEnded())
          && ctx.channel().isActive()) {
        dispatch(held.poll());
        dispatched = true;
      }
      if (dispatched) {
        // ends the replayed read burst: Vert.x flushes what it wrote meanwhile, an exchange
        // flushes its request
        channelReadComplete(ctx);
      }
    } finally {
      draining = false;
    }
    updateReading();
  }

  private void releaseHeld() {
    if (held != null) {
      for (Object msg = held.poll(); msg != null; msg = held.poll()) {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.clientReadComplete();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null && ctx.channel().isWritable()) {
      exchange.clientWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    FastExchange current = exchange;
    exchange = null;
    if (current != null) {
      current.clientClosed();
    }
    releaseHeld();
    fastPath.forget(vertxConnection);
    ctx.fireChannelInactive();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    // Only Vert.x's writes pass here (the Netty path writes from this handler's context).
    if (vertxResponsesOutstanding > 0
        && msg instanceof LastHttpContent
        && !(msg instanceof HttpResponse response && response.status().code() < 200)) {
      vertxResponsesOutstanding--;
    }
    ctx.write(msg, promise);
  }
}
