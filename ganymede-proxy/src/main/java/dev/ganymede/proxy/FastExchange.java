package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plain HTTP/1.1 exchange relayed at the Netty level: the client's request goes to a pooled
 * connection of the route's target ({@link TargetPool}), the response comes back, both bodies
 * streamed as the codecs decode them, without copying and with back-pressure. The same rules as the
 * Vert.x path ({@link HttpForwarder}, {@link ResponseRelay}):
 *
 * <ul>
 *   <li>headers by {@link ProxyHeaders} (hop-by-hop removal, {@code X-Forwarded-*}, {@code Host}
 *       per {@link ProxyOptions#preserveHost()}), the target URI by {@link Upstream#targetUri};
 *   <li>activity recorded on the route when the request is forwarded and when the response ends;
 *   <li>a failure before the response started is answered by the Vert.x path's error handler
 *       ({@link FastPathConnection#handBack}): 503 when no connection could be had, 504 when no
 *       response head came within the response timeout, 502 when the connection broke first; a
 *       failure after it started closes the client connection;
 *   <li>a pooled connection the target closed before answering is replaced once, on a fresh
 *       connection, for a request without body and with an idempotent method;
 *   <li>a target connection is reused only after a complete keep-alive exchange; a client that goes
 *       away closes it.
 * </ul>
 *
 * <p>Threading: everything runs on the client connection's event loop, which the target connection
 * shares.
 */
final class FastExchange implements TargetPool.Lease, PooledConnection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(FastExchange.class);

  private final FastPathConnection client;
  private final ChannelHandlerContext clientCtx;
  private final HttpRequest clientHead;
  private final RouteMatch match;
  private final TargetAddress address;
  private TargetPool pool;
  private final String clientUri;
  private final boolean head;
  private final boolean clientWantsClose;
  private final boolean retryable;
  private final boolean chunkedToTarget;
  private ArrayDeque<HttpContent> pending;
  private PooledConnection upstream;
  private boolean reused;
  private boolean retried;
  private boolean requestEnded;
  private boolean requestSent;
  private boolean responseStarted;
  private boolean clientPaused;
  private boolean upstreamPaused;
  private boolean upstreamUnflushed;
  private boolean clientUnflushed;
  private boolean done;
  private boolean starting;

  FastExchange(FastPathConnection client, HttpRequest clientHead, RouteMatch match) {
    this.client = client;
    this.clientCtx = client.context();
    this.clientHead = clientHead;
    this.clientUri = clientHead.uri();
    this.match = match;
    this.address = match.address();
    this.pool = client.pool(address);
    HttpHeaders headers = clientHead.headers();
    this.clientWantsClose = !HttpUtil.isKeepAlive(clientHead);
    this.chunkedToTarget = TargetRequestHead.chunked(headers);
    boolean hasBody =
        ProxyHeaders.hasBody(chunkedToTarget, headers.get(HttpHeaderNames.CONTENT_LENGTH));
    HttpMethod method = clientHead.method();
    this.head = HttpMethod.HEAD.equals(method);
    this.retryable =
        !hasBody
            && (HttpMethod.GET.equals(method)
                || head
                || HttpMethod.OPTIONS.equals(method)
                || HttpMethod.PUT.equals(method)
                || HttpMethod.DELETE.equals(method));
  }

  void start() {
    match.recordActivity();
    starting = true;
    pool.acquire(this, true);
    starting = false;
  }

  /** Whether the client sent its whole request. */
  boolean requestEnded() {
    return requestEnded;
  }

  /** Whether reading the client must stop (no target connection yet, or it is full). */
  boolean clientPaused() {
    return clientPaused;
  }

  // --- the target connection

  @Override
  public void acquired(PooledConnection connection, boolean reused) {
    if (done) {
      pool.release(connection, true);
      return;
    }
    this.upstream = connection;
    this.reused = reused;
    connection.bind(this, head, clientWantsClose);
    connection.write(proxyToServerHead());
    if (pending != null) {
      for (HttpContent content = pending.poll(); content != null; content = pending.poll()) {
        writeBody(connection, content);
      }
    }
    if (requestEnded) {
      connection.flush();
      requestSent = true;
      connection.requestSent();
    } else if (starting) {
      // within the client's read: the rest of the request follows, or its end flushes
      upstreamUnflushed = true;
    } else {
      connection.flush();
    }
    if (clientPaused && connection.isWritable()) {
      clientPaused = false;
      client.updateReading();
    }
  }

  @Override
  public void unavailable(String reason) {
    if (done) {
      return;
    }
    LOG.debug(
        "No connection to {} for {} {}: {}",
        match.route().target(),
        clientHead.method(),
        clientUri,
        reason);
    failBeforeResponse(ProxyFailure.TARGET_UNAVAILABLE);
  }

  // --- client to target

  /** A piece of the request body (the last one possibly empty); this exchange owns it. */
  void requestContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestEnded = true;
    }
    if (done) {
      content.release();
      return;
    }
    if (upstream == null) {
      if (pending == null) {
        pending = new ArrayDeque<>(2);
      }
      pending.add(content);
      if (!last && !clientPaused) {
        clientPaused = true;
        client.updateReading();
      }
      return;
    }
    writeBody(upstream, content);
    if (last) {
      upstreamUnflushed = false;
      upstream.flush();
      requestSent = true;
      upstream.requestSent();
      return;
    }
    upstreamUnflushed = true;
    if (!upstream.isWritable() && !clientPaused) {
      clientPaused = true;
      client.updateReading();
    }
  }

  /**
   * The request head for the target, written from the client's head, which stays as the client sent
   * it (so a {@link Retry} writes it again).
   */
  private ByteBuf proxyToServerHead() {
    ProxyOptions options = client.fastPath().options();
    return TargetRequestHead.write(
        clientCtx.alloc(),
        clientHead,
        Upstream.targetUri(clientUri, match.route().target()),
        options.preserveHost() ? "" : address.hostHeader(),
        options.xForwardedHeaders()
            ? client.forwarded(clientHead.headers().get(HttpHeaderNames.HOST))
            : TargetRequestHead.Forwarded.NONE,
        chunkedToTarget);
  }

  /** Writes a piece of the request body as the target gets it: as it is, or as a chunk. */
  private void writeBody(PooledConnection connection, HttpContent content) {
    ByteBuf data = content.content();
    int length = data.readableBytes();
    if (length == 0) {
      data.release();
    } else if (chunkedToTarget) {
      connection.write(Chunks.sizeLine(clientCtx.alloc(), length));
      connection.write(data);
      connection.write(Chunks.crlf(clientCtx.alloc()));
    } else {
      connection.write(data);
    }
    if (chunkedToTarget && content instanceof LastHttpContent) {
      connection.write(Chunks.last());
    }
  }

  void clientReadComplete() {
    if (upstreamUnflushed && upstream != null) {
      upstreamUnflushed = false;
      upstream.flush();
    }
  }

  @Override
  public void upstreamWritable() {
    if (clientPaused) {
      clientPaused = false;
      client.updateReading();
    }
  }

  // --- target to client

  @Override
  public void responseHead(ByteBuf proxyToClientHead) {
    if (done) {
      proxyToClientHead.release();
      return;
    }
    responseStarted = true;
    writeToClient(proxyToClientHead);
  }

  @Override
  public void responseBody(ByteBuf piece) {
    if (done) {
      piece.release();
      return;
    }
    writeToClient(piece);
    if (!clientCtx.channel().isWritable() && !upstreamPaused) {
      upstreamPaused = true;
      upstream.pauseReading();
    }
  }

  private void writeToClient(ByteBuf bytes) {
    client.rawWrite(bytes);
    clientUnflushed = true;
  }

  @Override
  public void responseEnd(ByteBuf last, boolean reusable) {
    if (done) {
      last.release();
      return;
    }
    clientUnflushed = false;
    client.rawWriteAndFlush(last);
    match.recordActivity();
    PooledConnection connection = upstream;
    upstream = null;
    if (upstreamPaused) {
      upstreamPaused = false;
      connection.resumeReading();
    }
    pool.release(connection, reusable && requestSent);
    finish();
    client.exchangeDone(this, clientWantsClose);
  }

  @Override
  public void responseMalformed(String reason) {
    brokenTarget("malformed response: " + reason);
  }

  @Override
  public void responseReadComplete() {
    if (clientUnflushed) {
      clientUnflushed = false;
      clientCtx.flush();
    }
  }

  void clientWritable() {
    if (upstreamPaused && upstream != null) {
      upstreamPaused = false;
      upstream.resumeReading();
    }
  }

  // --- failures

  @Override
  public void responseTimedOut() {
    upstream = null;
    if (done) {
      return;
    }
    LOG.debug(
        "No response from {} for {} {} in time",
        match.route().target(),
        clientHead.method(),
        clientUri);
    failBeforeResponse(ProxyFailure.TARGET_TIMEOUT);
  }

  @Override
  public void upstreamClosed(boolean answering) {
    upstream = null;
    if (done) {
      return;
    }
    if (!answering && reused && retryable && !retried) {
      // a keep-alive connection the target had closed before it saw this request
      retried = true;
      requestSent = false;
      // the pool may have left its map with its last connection: ask the map again
      pool = client.pool(address);
      pool.acquire(new Retry(), false);
      return;
    }
    brokenTarget("connection closed");
  }

  private void brokenTarget(String reason) {
    if (done) {
      return;
    }
    LOG.debug(
        "Exchange with {} for {} {} broke: {}",
        match.route().target(),
        clientHead.method(),
        clientUri,
        reason);
    if (responseStarted) {
      abort();
    } else {
      failBeforeResponse(ProxyFailure.BAD_GATEWAY);
    }
  }

  private void failBeforeResponse(ProxyFailure failure) {
    finish();
    client.handBack(this, clientHead, failure);
  }

  private void abort() {
    finish();
    client.abort(this);
  }

  /** The client connection closed: the target connection is closed too, never reused. */
  void clientClosed() {
    finish();
  }

  private void finish() {
    done = true;
    if (upstream != null) {
      PooledConnection connection = upstream;
      upstream = null;
      connection.close();
    }
    if (pending != null) {
      for (HttpContent content = pending.poll(); content != null; content = pending.poll()) {
        content.release();
      }
    }
    clientPaused = false;
  }

  /** The second attempt after a stale pooled connection: the request again, on a new connection. */
  private final class Retry implements TargetPool.Lease {
    @Override
    public void acquired(PooledConnection connection, boolean reused) {
      if (done) {
        pool.release(connection, true);
        return;
      }
      FastExchange.this.acquired(connection, false);
    }

    @Override
    public void unavailable(String reason) {
      FastExchange.this.unavailable(reason);
    }
  }
}
