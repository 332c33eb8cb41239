package dev.ganymede.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One keep-alive connection of a {@link TargetPool}: the last handler of its channel (behind
 * Netty's HTTP/1.1 request encoder and a {@link TargetResponseDecoder}), passing what the target
 * sends to the exchange bound to it.
 *
 * <p>The response timeout costs no allocation per request: {@link #requestSent} records the time,
 * and one timer per connection, armed when none is pending, checks it when it fires (re-arming for
 * the rest when a later request is still waiting).
 *
 * <p>Threading: everything runs on the channel's event loop, which is the event loop of the client
 * connections it serves.
 */
final class PooledConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PooledConnection.class);

  /** What a bound exchange hears from its connection; called on the event loop. */
  interface Listener {
    /** A response head or body piece; the listener owns {@code msg}. */
    void responseRead(HttpObject msg);

    /** The end of a read burst: time to flush what was written to the client. */
    void responseReadComplete();

    /** The connection can take writes again after it was full. */
    void upstreamWritable();

    /** No response head within the response timeout after the request was sent. */
    void responseTimedOut();

    /** The connection closed (by either side) while the listener was bound. */
    void upstreamClosed();
  }

  private final TargetPool pool;
  private final Channel channel;
  private final TargetResponseDecoder decoder;
  private final long responseTimeoutNanos;
  private Listener listener;
  private boolean awaitingHead;
  private long sentAtNanos;
  private long idleSinceNanos;
  private ScheduledFuture<?> timer;

  PooledConnection(
      TargetPool pool, Channel channel, TargetResponseDecoder decoder, long responseTimeoutNanos) {
    this.pool = pool;
    this.channel = channel;
    this.decoder = decoder;
    this.responseTimeoutNanos = responseTimeoutNanos;
  }

  /** Binds the exchange whose request is about to be written; {@code head} if it is a HEAD. */
  void bind(Listener listener, boolean head) {
    this.listener = listener;
    this.awaitingHead = false;
    decoder.headRequest(head);
  }

  /** Detaches the listener; nothing more is reported to it. */
  void unbind() {
    listener = null;
    awaitingHead = false;
  }

  boolean isActive() {
    return channel.isActive();
  }

  boolean isWritable() {
    return channel.isWritable();
  }

  void write(Object msg) {
    channel.write(msg, channel.voidPromise());
  }

  void writeAndFlush(Object msg) {
    channel.writeAndFlush(msg, channel.voidPromise());
  }

  void flush() {
    channel.flush();
  }

  void pauseReading() {
    channel.config().setAutoRead(false);
  }

  void resumeReading() {
    channel.config().setAutoRead(true);
  }

  /** Closes the connection; a bound listener is detached first and hears nothing. */
  void close() {
    unbind();
    channel.close();
  }

  long idleSinceNanos() {
    return idleSinceNanos;
  }

  void markIdle(long nanos) {
    idleSinceNanos = nanos;
    channel.config().setAutoRead(true);
  }

  /** The whole request was written: the response timeout runs from now until the head arrives. */
  void requestSent() {
    awaitingHead = true;
    sentAtNanos = System.nanoTime();
    if (timer == null) {
      arm(responseTimeoutNanos);
    }
  }

  private void arm(long delayNanos) {
    timer = channel.eventLoop().schedule(this::checkTimeout, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkTimeout() {
    timer = null;
    if (!awaitingHead || listener == null) {
      return;
    }
    long left = responseTimeoutNanos - (System.nanoTime() - sentAtNanos);
    if (left > 0) {
      arm(left);
      return;
    }
    Listener timedOut = listener;
    close();
    timedOut.responseTimedOut();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Listener current = listener;
    if (current == null) {
      // an idle connection has nothing to say: whatever it sent, it cannot be reused
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse head && head.status().code() >= 200) {
      awaitingHead = false;
    }
    current.responseRead((HttpObject) msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.responseReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (listener != null && ctx.channel().isWritable()) {
      listener.upstreamWritable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    pool.closed(this);
    Listener current = listener;
    listener = null;
    if (current != null) {
      current.upstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
