package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One keep-alive connection of a {@link TargetPool}: the last handler of its channel (behind
 * Netty's HTTP/1.1 request encoder), reading what the target sends with a {@link
 * TargetResponseParser} and passing the response, framed for the client, to the exchange bound to
 * it.
 *
 * <p>The response timeout costs no allocation per request: {@link #requestSent} records the time,
 * and one timer per connection, armed when none is pending, checks it when it fires (re-arming for
 * the rest when a later request is still waiting).
 *
 * <p>Threading: everything runs on the channel's event loop, which is the event loop of the client
 * connections it serves.
 */
final class PooledConnection extends ChannelInboundHandlerAdapter
    implements TargetResponseParser.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(PooledConnection.class);

  /**
   * What a bound exchange hears from its connection; called on the event loop. The response comes
   * as {@link TargetResponseParser.Sink} calls: a head, body pieces, then its end; or a malformed
   * response.
   */
  interface Listener extends TargetResponseParser.Sink {
    /** The end of a read burst: time to flush what was written to the client. */
    void responseReadComplete();

    /** The connection can take writes again after it was full. */
    void upstreamWritable();

    /** No response head within the response timeout after the request was sent. */
    void responseTimedOut();

    /**
     * The connection closed (by either side) while the listener was bound; {@code answering}: part
     * of a response had arrived.
     */
    void upstreamClosed(boolean answering);
  }

  private final TargetPool pool;
  private final Channel channel;
  private final TargetResponseParser parser;
  private final long responseTimeoutNanos;
  private Listener listener;
  private boolean awaitingHead;
  private long sentAtNanos;
  private long idleSinceNanos;
  private ScheduledFuture<?> timer;

  PooledConnection(
      TargetPool pool, Channel channel, int maxResponseHeadBytes, long responseTimeoutNanos) {
    this.pool = pool;
    this.channel = channel;
    this.parser = new TargetResponseParser(channel.alloc(), maxResponseHeadBytes);
    this.responseTimeoutNanos = responseTimeoutNanos;
  }

  /**
   * Binds the exchange whose request is about to be written; {@code head} if it is a HEAD, {@code
   * clientWantsClose} if the client asked to close after the response.
   */
  void bind(Listener listener, boolean head, boolean clientWantsClose) {
    this.listener = listener;
    this.awaitingHead = false;
    parser.expect(head, clientWantsClose);
  }

  /** Detaches the listener; nothing more is reported to it. */
  void unbind() {
    listener = null;
    awaitingHead = false;
    parser.idle();
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
    if (listener == null || parser.isIdle() || !(msg instanceof ByteBuf bytes)) {
      // nothing was asked: whatever the target sent, the connection cannot be reused
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    parser.read(bytes, this);
  }

  @Override
  public void responseHead(ByteBuf proxyToClientHead) {
    awaitingHead = false;
    if (listener != null) {
      listener.responseHead(proxyToClientHead);
    } else {
      proxyToClientHead.release();
    }
  }

  @Override
  public void responseBody(ByteBuf piece) {
    if (listener != null) {
      listener.responseBody(piece);
    } else {
      piece.release();
    }
  }

  @Override
  public void responseEnd(ByteBuf last, boolean reusable) {
    if (listener != null) {
      listener.responseEnd(last, reusable);
    } else {
      last.release();
    }
  }

  @Override
  public void responseMalformed(String reason) {
    if (listener != null) {
      listener.responseMalformed(reason);
    }
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
    if (listener != null && parser.targetClosed(this)) {
      return; // the body lasted until the close, and is complete
    }
    Listener current = listener;
    listener = null;
    if (current != null) {
      current.upstreamClosed(parser.begun());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
