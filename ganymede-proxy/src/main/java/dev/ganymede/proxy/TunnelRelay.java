package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a WebSocket tunnel: the last handler of one channel's pipeline (client or target
 * side), relaying every byte read there to the other channel, the peer. A tunnel is two relays, one
 * per channel, each pointing at the other's channel; once they are installed no Vert.x object is on
 * the data path.
 *
 * <ul>
 *   <li>Bytes read are written to the peer as they are and flushed when the read burst ends ({@code
 *       channelReadComplete}), so a burst of frames costs one system call on the other side. Each
 *       read records activity on the route (at most one volatile write per millisecond, see {@link
 *       RouteMatch#recordActivity()}).
 *   <li>Back-pressure: when a write leaves the peer unwritable (more than its high water mark
 *       queued), this channel stops reading (auto-read off); when the peer drains below its low
 *       water mark, the peer's relay turns reading back on here. Memory per tunnel is thus bounded
 *       by the water marks plus one read.
 *   <li>Close: when this channel closes (end of stream, reset, error), everything already written
 *       to the peer is flushed and then the peer is closed. Channels do not allow half-closure
 *       (Vert.x's default), so an end of stream is a close. A relay installed on a channel that is
 *       already closed closes the peer at once (after the same flush); one installed on an open
 *       channel turns reading on (Vert.x may have left it off while the upgrade was under way).
 *   <li>Exceptions are logged at debug level and close this channel (and so, by the rule above, the
 *       peer).
 * </ul>
 *
 * <p>Threading: Netty calls a relay on its channel's event loop. The two channels of a tunnel
 * normally share one event loop (the target connection is opened from the client request's
 * context), but nothing here depends on it: writes, flushes, auto-read and close are thread-safe
 * Netty calls, and writes from one thread keep their order.
 *
 * <pre>{@code
 * clientPipeline.replace(vertxHandler, TunnelRelay.NAME, new TunnelRelay(targetChannel, match));
 * targetPipeline.replace(handshake, TunnelRelay.NAME, new TunnelRelay(clientChannel, match));
 * }</pre>
 */
final class TunnelRelay extends ChannelInboundHandlerAdapter {
  static final String NAME = "ganymede-tunnel";
  private static final Logger LOG = LoggerFactory.getLogger(TunnelRelay.class);

  private final Channel peer;
  private final RouteMatch match;
  private boolean unflushed;

  TunnelRelay(Channel peer, RouteMatch match) {
    this.peer = peer;
    this.match = match;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    if (!channel.isActive()) {
      closeAfterFlush(peer);
    } else {
      channel.config().setAutoRead(true);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf data = bytesOf(msg);
    if (data == null || !data.isReadable()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    match.recordActivity();
    peer.write(data, peer.voidPromise());
    unflushed = true;
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (unflushed) {
      unflushed = false;
      peer.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    unflushed = false;
    closeAfterFlush(peer);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("WebSocket tunnel {} failed: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  /** The bytes a message carries: raw bytes, or the content of a message left by a decoder. */
  static ByteBuf bytesOf(Object msg) {
    if (msg instanceof ByteBuf bytes) {
      return bytes;
    }
    if (msg instanceof ByteBufHolder holder) {
      return holder.content();
    }
    return null;
  }

  /** Flushes what was written to {@code channel}, then closes it. */
  static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }
}
