package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Reads the responses a target sends on one connection, straight from the bytes, and hands them on
 * already framed for the client ({@link Sink}): the head rewritten by {@link TargetResponseHead},
 * the body as slices of the buffers it came in. A body of known length goes on as it is; a chunked
 * body, or one that ends when the target closes, goes on as chunks the proxy frames itself (chunk
 * extensions and trailers stay behind, as on the Vert.x path).
 *
 * <p>Strict where a proxy must be (RFC 9112): a malformed head or chunk, an unexpected {@code 101},
 * or a head larger than the limit fails the response ({@link Sink#responseMalformed}) and nothing
 * more is read. Interim {@code 1xx} responses are read and skipped. Bytes after the end of a
 * response, which no request asked for, make the connection unfit for another exchange.
 *
 * <p>Contract: {@link #expect} before each request; {@link #read} for every buffer the connection
 * reads (it takes ownership); {@link #targetClosed} when the connection closes. The sink is called
 * from within those calls. After {@link Sink#responseEnd} or {@link Sink#responseMalformed},
 * nothing more is reported until the next {@link #expect}. Not thread-safe: the connection's event
 * loop only.
 */
final class TargetResponseParser {
  /** Where the parts of a response go; each call hands over a buffer the sink must release. */
  interface Sink {
    /** The head of the final response, for the client. */
    void responseHead(ByteBuf proxyToClientHead);

    /** A piece of the body, framed for the client. */
    void responseBody(ByteBuf piece);

    /**
     * The last bytes of the response, framed for the client (possibly empty); {@code reusable}: the
     * connection may carry another exchange.
     */
    void responseEnd(ByteBuf last, boolean reusable);

    /** The target's response broke the protocol; {@code reason} says how. */
    void responseMalformed(String reason);
  }

  private enum State {
    /** No response is expected: whatever the target sends is unasked for. */
    IDLE,
    HEAD,
    LENGTH,
    CHUNK_SIZE,
    CHUNK_EXTENSION,
    CHUNK_SIZE_LF,
    CHUNK_DATA,
    CHUNK_DATA_CR,
    CHUNK_DATA_LF,
    TRAILER_LINE_START,
    TRAILER_LINE,
    TRAILER_LINE_LF,
    TRAILER_END_LF,
    UNTIL_CLOSE
  }

  private static final int MAX_CHUNK_LINE = 4096;
  private static final int MAX_TRAILER_BYTES = 64 * 1024;

  private final ByteBufAllocator alloc;
  private final int maxHeadBytes;
  private final TargetResponseHead head = new TargetResponseHead();
  private State state = State.IDLE;
  private boolean headRequest;
  private boolean clientWantsClose;
  private boolean begun;
  private boolean keepAlive;
  private ByteBuf partialHead;
  private long remaining;
  private int lineBytes;
  private int digits;

  TargetResponseParser(ByteBufAllocator alloc, int maxHeadBytes) {
    this.alloc = alloc;
    this.maxHeadBytes = maxHeadBytes;
  }

  /**
   * A request is about to be sent: its response comes next. {@code headRequest}: it is a {@code
   * HEAD}; {@code clientWantsClose}: the client's request said {@code Connection: close}.
   */
  void expect(boolean headRequest, boolean clientWantsClose) {
    this.headRequest = headRequest;
    this.clientWantsClose = clientWantsClose;
    this.begun = false;
    releasePartialHead();
    state = State.HEAD;
  }

  /** No response is expected any more (the exchange is over). */
  void idle() {
    releasePartialHead();
    state = State.IDLE;
  }

  /** Whether any byte of the expected response has arrived. */
  boolean begun() {
    return begun;
  }

  /** Whether the connection is between responses, where unasked-for bytes are an error. */
  boolean isIdle() {
    return state == State.IDLE;
  }

  /** Reads {@code in} (and releases it). */
  void read(ByteBuf in, Sink sink) {
    ByteBuf buf = in;
    if (partialHead != null) {
      buf = partialHead;
      partialHead = null;
      buf.writeBytes(in);
      in.release();
    }
    try {
      if (buf.isReadable() && state != State.IDLE) {
        begun = true;
        parse(buf, sink);
      }
    } finally {
      if (buf != partialHead) {
        buf.release();
      }
    }
  }

  /**
   * The target closed the connection: ends a body that lasts until then ({@code true}); any other
   * response in progress is cut short, which the caller reports.
   */
  boolean targetClosed(Sink sink) {
    releasePartialHead();
    if (state == State.UNTIL_CLOSE) {
      state = State.IDLE;
      sink.responseEnd(Chunks.last(), false);
      return true;
    }
    return false;
  }

  private void parse(ByteBuf buf, Sink sink) {
    while (buf.isReadable()) {
      switch (state) {
        case IDLE -> {
          return;
        }
        case HEAD -> {
          if (!readHead(buf, sink)) {
            return;
          }
        }
        case LENGTH -> {
          int n = (int) Math.min(remaining, buf.readableBytes());
          ByteBuf piece = buf.readRetainedSlice(n);
          remaining -= n;
          if (remaining == 0) {
            end(buf, piece, sink);
            return;
          }
          sink.responseBody(piece);
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(remaining, buf.readableBytes());
          frameAsChunk(buf.readRetainedSlice(n), sink);
          remaining -= n;
          if (remaining == 0) {
            state = State.CHUNK_DATA_CR;
          }
        }
        case UNTIL_CLOSE -> frameAsChunk(buf.readRetainedSlice(buf.readableBytes()), sink);
        default -> {
          if (!chunkFraming(buf.readByte(), sink)) {
            return;
          }
          if (state == State.IDLE) {
            end(buf, Chunks.last(), sink);
            return;
          }
        }
      }
    }
  }

  /** Reads a head if it is all there; false if reading must stop (more bytes needed, or failed). */
  private boolean readHead(ByteBuf buf, Sink sink) {
    int to = headEnd(buf);
    int from = buf.readerIndex();
    if (to < 0) {
      if (buf.readableBytes() > maxHeadBytes) {
        return malformed("response head larger than " + maxHeadBytes + " bytes", sink);
      }
      partialHead = alloc.buffer(Math.max(1024, buf.readableBytes() * 2));
      partialHead.writeBytes(buf);
      return false;
    }
    if (to - from > maxHeadBytes) {
      return malformed("response head larger than " + maxHeadBytes + " bytes", sink);
    }
    if (!head.parse(buf, from, to, headRequest)) {
      return malformed(head.failure(), sink);
    }
    buf.readerIndex(to);
    int status = head.status();
    if (status == 101) {
      return malformed("101 Switching Protocols to a request that offered no upgrade", sink);
    }
    if (status < 200) {
      return true; // an interim response: the final one follows
    }
    keepAlive = head.keepAlive();
    sink.responseHead(head.writeForClient(buf, alloc, clientWantsClose));
    switch (head.framing()) {
      case NONE -> {
        end(buf, Unpooled.EMPTY_BUFFER, sink);
        return false;
      }
      case LENGTH -> {
        remaining = head.contentLength();
        state = State.LENGTH;
      }
      case CHUNKED -> startChunkSize();
      case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
    }
    return true;
  }

  /**
   * The index after the empty line that ends the head starting at the reader index, or -1 if it has
   * not all arrived. Empty lines before the status line are skipped (RFC 9112, 2.2).
   */
  private static int headEnd(ByteBuf buf) {
    int lineFrom = buf.readerIndex();
    int limit = buf.writerIndex();
    while (true) {
      int lf = buf.indexOf(lineFrom, limit, (byte) '\n');
      if (lf < 0) {
        return -1;
      }
      boolean empty = lf == lineFrom || (lf == lineFrom + 1 && buf.getByte(lineFrom) == '\r');
      if (empty && lineFrom == buf.readerIndex()) {
        buf.readerIndex(lf + 1);
      } else if (empty) {
        return lf + 1;
      }
      lineFrom = lf + 1;
    }
  }

  /** One byte of chunk framing (size line, the CRLF after data, trailers); false if it failed. */
  private boolean chunkFraming(byte b, Sink sink) {
    switch (state) {
      case CHUNK_SIZE -> {
        int digit = Character.digit(b, 16);
        if (digit >= 0 && digits < 15) {
          remaining = remaining * 16 + digit;
          digits++;
        } else if (digits > 0 && (b == ';' || b == ' ' || b == '\t')) {
          state = State.CHUNK_EXTENSION;
        } else if (digits > 0 && b == '\r') {
          state = State.CHUNK_SIZE_LF;
        } else {
          return malformed("malformed chunk size", sink);
        }
      }
      case CHUNK_EXTENSION -> {
        if (b == '\r') {
          state = State.CHUNK_SIZE_LF;
        } else if ((b < ' ' && b != '\t') || b == 0x7f || ++lineBytes > MAX_CHUNK_LINE) {
          return malformed("malformed chunk extension", sink);
        }
      }
      case CHUNK_SIZE_LF -> {
        if (b != '\n') {
          return malformed("malformed chunk size line", sink);
        }
        lineBytes = 0;
        state = remaining == 0 ? State.TRAILER_LINE_START : State.CHUNK_DATA;
      }
      case CHUNK_DATA_CR -> {
        if (b != '\r') {
          return malformed("chunk longer than its size", sink);
        }
        state = State.CHUNK_DATA_LF;
      }
      case CHUNK_DATA_LF -> {
        if (b != '\n') {
          return malformed("chunk longer than its size", sink);
        }
        startChunkSize();
      }
      case TRAILER_LINE_START, TRAILER_LINE -> {
        if (++lineBytes > MAX_TRAILER_BYTES) {
          return malformed("trailers larger than " + MAX_TRAILER_BYTES + " bytes", sink);
        }
        if (b == '\r') {
          state = state == State.TRAILER_LINE_START ? State.TRAILER_END_LF : State.TRAILER_LINE_LF;
        } else if (b == '\n') {
          return malformed("malformed trailer", sink);
        } else {
          state = State.TRAILER_LINE;
        }
      }
      case TRAILER_LINE_LF -> {
        if (b != '\n') {
          return malformed("malformed trailer", sink);
        }
        state = State.TRAILER_LINE_START;
      }
      case TRAILER_END_LF -> {
        if (b != '\n') {
          return malformed("malformed trailer", sink);
        }
        state = State.IDLE; // the response is complete
      }
      default -> throw new IllegalStateException(state.name());
    }
    return true;
  }

  private void startChunkSize() {
    remaining = 0;
    digits = 0;
    lineBytes = 0;
    state = State.CHUNK_SIZE;
  }

  /** Sends {@code data} on as one chunk. */
  private void frameAsChunk(ByteBuf data, Sink sink) {
    int length = data.readableBytes();
    if (length == 0) {
      data.release();
      return;
    }
    sink.responseBody(Chunks.sizeLine(alloc, length));
    sink.responseBody(data);
    sink.responseBody(Chunks.crlf(alloc));
  }

  private void end(ByteBuf buf, ByteBuf last, Sink sink) {
    state = State.IDLE;
    // bytes beyond the response answer nothing that was asked: the connection is not reused
    sink.responseEnd(last, keepAlive && !buf.isReadable());
  }

  private boolean malformed(String reason, Sink sink) {
    state = State.IDLE;
    releasePartialHead();
    sink.responseMalformed(reason);
    return false;
  }

  private void releasePartialHead() {
    if (partialHead != null) {
      partialHead.release();
      partialHead = null;
    }
  }
}
