package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * One response head of a target, read in place from the bytes it came in and rewritten for the
 * client as bytes, with the rules {@link ProxyHeaders#stripHopByHop} applies to decoded heads: no
 * header becomes an object, so relaying a head costs the proxy one buffer from the pool.
 *
 * <p>{@link #parse} checks the head strictly (RFC 9112): an {@code HTTP/1.0} or {@code HTTP/1.1}
 * status line, field names of token characters, values without control characters, no line folding,
 * one {@code Content-Length} value. It then knows how the body is framed ({@link #framing}) and
 * whether the connection may carry another exchange ({@link #keepAlive}). {@link #writeForClient}
 * writes what the client gets: {@code HTTP/1.1}, the target's status and reason, its headers as
 * sent minus hop-by-hop ones ({@code Connection}, {@code Keep-Alive}, {@code Proxy-*}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade} and those {@code Connection} names),
 * then the client's framing: the length, or {@code Transfer-Encoding: chunked} when the proxy
 * re-frames the body, and {@code Connection: close} when the client asked for it.
 *
 * <p>Not thread-safe: one per target connection, reused for each of its responses.
 */
final class TargetResponseHead {
  /** How the body of a response is delimited. */
  enum Framing {
    /** No body (a response to {@code HEAD}, 204, 304, or {@code Content-Length: 0}). */
    NONE,
    /** {@code Content-Length} bytes, relayed as they are. */
    LENGTH,
    /** Chunked; the proxy re-frames the data for the client. */
    CHUNKED,
    /** Until the target closes; the proxy frames the data as chunks for the client. */
    UNTIL_CLOSE
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTENT_LENGTH_LINE =
      "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHUNKED_LINE =
      "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE_LINE =
      "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);

  // what a header line is, by name
  private static final int KEEP = 0;
  private static final int DROP = 1;
  private static final int CONNECTION = 2;
  private static final int CONTENT_LENGTH = 3;
  private static final int TRANSFER_ENCODING = 4;

  private static final byte[][] HOP_BY_HOP = {
    ascii("keep-alive"), ascii("te"), ascii("trailer"), ascii("upgrade")
  };
  private static final byte[] NAME_CONNECTION = ascii("connection");
  private static final byte[] NAME_CONTENT_LENGTH = ascii("content-length");
  private static final byte[] NAME_TRANSFER_ENCODING = ascii("transfer-encoding");
  private static final byte[] PROXY_PREFIX = ascii("proxy-");
  private static final byte[] TOKEN_CLOSE = ascii("close");
  private static final byte[] TOKEN_KEEP_ALIVE = ascii("keep-alive");
  private static final byte[] TOKEN_CHUNKED = ascii("chunked");

  /** Per header line: name start, name end (the colon), value start, value end, kind. */
  private static final int SLOTS = 5;

  private int[] lines = new int[SLOTS * 16];
  private int lineCount;
  private int statusLineFrom;
  private int statusLineTo;
  private int status;
  private boolean keepAlive;
  private Framing framing;
  private long contentLength;
  private boolean hasContentLength;
  private boolean hasTransferEncoding;
  private boolean sawClose;
  private boolean sawKeepAlive;
  private String failure = "";

  /**
   * Reads the head in {@code buf[from, to)} (status line to the empty line, included); false if it
   * is malformed ({@link #failure} says how). {@code headRequest}: the request was a {@code HEAD},
   * so the response has no body whatever its headers say.
   */
  boolean parse(ByteBuf buf, int from, int to, boolean headRequest) {
    lineCount = 0;
    hasContentLength = false;
    hasTransferEncoding = false;
    contentLength = -1;
    int statusEnd = buf.indexOf(from, to, LF);
    if (!parseStatusLine(buf, from, lineEnd(buf, from, statusEnd))) {
      return false;
    }
    boolean http11 = buf.getByte(from + HTTP_1.length) == '1';
    int lineFrom = statusEnd + 1;
    while (true) {
      int lf = buf.indexOf(lineFrom, to, LF);
      int lineTo = lineEnd(buf, lineFrom, lf);
      if (lineTo == lineFrom) {
        break;
      }
      if (!parseHeaderLine(buf, lineFrom, lineTo)) {
        return false;
      }
      lineFrom = lf + 1;
    }
    sawClose = false;
    sawKeepAlive = false;
    for (int i = 0; i < lineCount; i++) {
      int at = i * SLOTS;
      if (lines[at + 4] == CONNECTION) {
        connectionTokens(buf, lines[at + 2], lines[at + 3]);
      } else if (lines[at + 4] == CONTENT_LENGTH && !contentLength(buf, at)) {
        return false;
      } else if (lines[at + 4] == TRANSFER_ENCODING) {
        hasTransferEncoding = true;
      }
    }
    if (hasTransferEncoding) {
      hasContentLength = false;
    }
    if (headRequest || status == 204 || status == 304 || status < 200) {
      framing = Framing.NONE;
    } else if (hasTransferEncoding) {
      framing = finalCodingIsChunked(buf) ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
    } else if (hasContentLength) {
      framing = contentLength == 0 ? Framing.NONE : Framing.LENGTH;
    } else {
      framing = Framing.UNTIL_CLOSE;
    }
    boolean close = sawClose || (!http11 && !sawKeepAlive);
    keepAlive = !close && framing != Framing.UNTIL_CLOSE;
    return true;
  }

  String failure() {
    return failure;
  }

  int status() {
    return status;
  }

  Framing framing() {
    return framing;
  }

  /** The body's length; only for {@link Framing#LENGTH}. */
  long contentLength() {
    return contentLength;
  }

  /** Whether the target keeps the connection open after this response. */
  boolean keepAlive() {
    return keepAlive;
  }

  /**
   * The head the client gets, in a buffer of {@code alloc}; call after {@link #parse} returned
   * true, with the same buffer. {@code clientWantsClose}: the client sent {@code Connection:
   * close}.
   */
  ByteBuf writeForClient(ByteBuf buf, ByteBufAllocator alloc, boolean clientWantsClose) {
    int size = HTTP_1_1.length + (statusLineTo - statusLineFrom) + 2;
    for (int i = 0; i < lineCount; i++) {
      int at = i * SLOTS;
      if (lines[at + 4] == KEEP) {
        size += lines[at + 3] - lines[at] + 2;
      }
    }
    ByteBuf head = alloc.buffer(size + 96);
    head.writeBytes(HTTP_1_1);
    head.writeBytes(buf, statusLineFrom, statusLineTo - statusLineFrom);
    head.writeShort(0x0d0a);
    for (int i = 0; i < lineCount; i++) {
      int at = i * SLOTS;
      if (lines[at + 4] == KEEP) {
        head.writeBytes(buf, lines[at], lines[at + 3] - lines[at]);
        head.writeShort(0x0d0a);
      }
    }
    if (hasContentLength && (framing == Framing.LENGTH || framing == Framing.NONE)) {
      head.writeBytes(CONTENT_LENGTH_LINE);
      writeDecimal(head, contentLength);
      head.writeShort(0x0d0a);
    } else if (framing == Framing.CHUNKED || framing == Framing.UNTIL_CLOSE) {
      head.writeBytes(CHUNKED_LINE);
    }
    if (clientWantsClose) {
      head.writeBytes(CLOSE_LINE);
    }
    head.writeShort(0x0d0a);
    return head;
  }

  /** The end of the line starting at {@code from} whose LF is at {@code lf}: before a CR. */
  private static int lineEnd(ByteBuf buf, int from, int lf) {
    return lf > from && buf.getByte(lf - 1) == CR ? lf - 1 : lf;
  }

  /** {@code HTTP/1.x 200 Reason}: the part after the version is relayed as it is. */
  private boolean parseStatusLine(ByteBuf buf, int from, int to) {
    int at = from + HTTP_1.length;
    if (to - from < HTTP_1.length + 5 || !startsWith(buf, from, HTTP_1)) {
      return fail("malformed status line");
    }
    byte minor = buf.getByte(at);
    if ((minor != '0' && minor != '1') || buf.getByte(at + 1) != ' ') {
      return fail("unsupported HTTP version in status line");
    }
    statusLineFrom = at + 2;
    int code = 0;
    for (int i = statusLineFrom; i < statusLineFrom + 3; i++) {
      byte digit = buf.getByte(i);
      if (digit < '0' || digit > '9') {
        return fail("malformed status code");
      }
      code = code * 10 + digit - '0';
    }
    if (code < 100) {
      return fail("malformed status code");
    }
    if (statusLineFrom + 3 < to && buf.getByte(statusLineFrom + 3) != ' ') {
      return fail("malformed status line");
    }
    for (int i = statusLineFrom + 3; i < to; i++) {
      if (!isFieldByte(buf.getByte(i))) {
        return fail("control character in status line");
      }
    }
    status = code;
    statusLineTo = to;
    return true;
  }

  private boolean parseHeaderLine(ByteBuf buf, int from, int to) {
    byte first = buf.getByte(from);
    if (first == ' ' || first == '\t') {
      return fail("folded header line");
    }
    int colon = from;
    while (colon < to && isTokenByte(buf.getByte(colon))) {
      colon++;
    }
    if (colon == from || colon == to || buf.getByte(colon) != ':') {
      return fail("malformed header line");
    }
    int valueFrom = colon + 1;
    int valueTo = to;
    valueFrom = skipSpace(buf, valueFrom, valueTo);
    valueTo = trimSpace(buf, valueFrom, valueTo);
    for (int i = valueFrom; i < valueTo; i++) {
      if (!isFieldByte(buf.getByte(i))) {
        return fail("control character in header value");
      }
    }
    int at = lineCount * SLOTS;
    if (at + SLOTS > lines.length) {
      lines = java.util.Arrays.copyOf(lines, lines.length * 2);
    }
    lines[at] = from;
    lines[at + 1] = colon;
    lines[at + 2] = valueFrom;
    lines[at + 3] = valueTo;
    lines[at + 4] = kind(buf, from, colon);
    lineCount++;
    return true;
  }

  private static int kind(ByteBuf buf, int from, int to) {
    if (equalsIgnoreCase(buf, from, to, NAME_CONTENT_LENGTH)) {
      return CONTENT_LENGTH;
    }
    if (equalsIgnoreCase(buf, from, to, NAME_CONNECTION)) {
      return CONNECTION;
    }
    if (equalsIgnoreCase(buf, from, to, NAME_TRANSFER_ENCODING)) {
      return TRANSFER_ENCODING;
    }
    return isHopByHop(buf, from, to) ? DROP : KEEP;
  }

  private static boolean isHopByHop(ByteBuf buf, int from, int to) {
    if (to - from >= PROXY_PREFIX.length
        && equalsIgnoreCase(buf, from, from + PROXY_PREFIX.length, PROXY_PREFIX)) {
      return true;
    }
    for (byte[] name : HOP_BY_HOP) {
      if (equalsIgnoreCase(buf, from, to, name)) {
        return true;
      }
    }
    return equalsIgnoreCase(buf, from, to, NAME_CONNECTION)
        || equalsIgnoreCase(buf, from, to, NAME_TRANSFER_ENCODING);
  }

  /**
   * Goes through one {@code Connection} value: notes {@code close} and {@code keep-alive} (which
   * keeps an HTTP/1.0 connection open) and marks the headers it names to be dropped.
   */
  private void connectionTokens(ByteBuf buf, int from, int to) {
    int start = from;
    while (start < to) {
      int comma = buf.indexOf(start, to, (byte) ',');
      int end = comma < 0 ? to : comma;
      int tokenFrom = start;
      int tokenTo = end;
      tokenFrom = skipSpace(buf, tokenFrom, tokenTo);
      tokenTo = trimSpace(buf, tokenFrom, tokenTo);
      if (equalsIgnoreCase(buf, tokenFrom, tokenTo, TOKEN_CLOSE)) {
        sawClose = true;
        dropNamed(buf, tokenFrom, tokenTo); // a reserved name (RFC 9110, 7.6.1)
      } else if (equalsIgnoreCase(buf, tokenFrom, tokenTo, TOKEN_KEEP_ALIVE)) {
        sawKeepAlive = true;
      } else if (tokenTo > tokenFrom && !isHopByHop(buf, tokenFrom, tokenTo)) {
        dropNamed(buf, tokenFrom, tokenTo);
      }
      start = end + 1;
    }
  }

  private void dropNamed(ByteBuf buf, int from, int to) {
    for (int i = 0; i < lineCount; i++) {
      int at = i * SLOTS;
      if (lines[at + 4] == KEEP
          && lines[at + 1] - lines[at] == to - from
          && regionEqualsIgnoreCase(buf, lines[at], from, to - from)) {
        lines[at + 4] = DROP;
      }
    }
  }

  /** One {@code Content-Length} line: digits, or a list of the same number (RFC 9110, 8.6). */
  private boolean contentLength(ByteBuf buf, int at) {
    int from = lines[at + 2];
    int to = lines[at + 3];
    int start = from;
    do {
      int comma = buf.indexOf(start, to, (byte) ',');
      int end = comma < 0 ? to : comma;
      int digitsFrom = start;
      int digitsTo = end;
      digitsFrom = skipSpace(buf, digitsFrom, digitsTo);
      digitsTo = trimSpace(buf, digitsFrom, digitsTo);
      if (digitsFrom == digitsTo || digitsTo - digitsFrom > 18) {
        return fail("malformed Content-Length");
      }
      long value = 0;
      for (int i = digitsFrom; i < digitsTo; i++) {
        byte digit = buf.getByte(i);
        if (digit < '0' || digit > '9') {
          return fail("malformed Content-Length");
        }
        value = value * 10 + digit - '0';
      }
      if (hasContentLength && value != contentLength) {
        return fail("conflicting Content-Length values");
      }
      hasContentLength = true;
      contentLength = value;
      start = end + 1;
    } while (start < to);
    return true;
  }

  /** Whether the last coding of the last {@code Transfer-Encoding} line is {@code chunked}. */
  private boolean finalCodingIsChunked(ByteBuf buf) {
    for (int i = lineCount - 1; i >= 0; i--) {
      int at = i * SLOTS;
      if (lines[at + 4] == TRANSFER_ENCODING) {
        int from = lines[at + 2];
        int to = lines[at + 3];
        int lastComma = -1;
        for (int j = to - 1; j >= from; j--) {
          if (buf.getByte(j) == ',') {
            lastComma = j;
            break;
          }
        }
        int codingFrom = lastComma < 0 ? from : lastComma + 1;
        codingFrom = skipSpace(buf, codingFrom, to);
        return equalsIgnoreCase(buf, codingFrom, to, TOKEN_CHUNKED);
      }
    }
    return false;
  }

  private boolean fail(String reason) {
    failure = reason;
    return false;
  }

  private static void writeDecimal(ByteBuf out, long value) {
    if (value >= 10) {
      writeDecimal(out, value / 10);
    }
    out.writeByte((int) ('0' + value % 10));
  }

  private static boolean startsWith(ByteBuf buf, int from, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(from + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code buf[from, to)} is {@code lowerCase} in any case (ASCII). */
  private static boolean equalsIgnoreCase(ByteBuf buf, int from, int to, byte[] lowerCase) {
    if (to - from != lowerCase.length) {
      return false;
    }
    for (int i = 0; i < lowerCase.length; i++) {
      if (toLower(buf.getByte(from + i)) != lowerCase[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean regionEqualsIgnoreCase(ByteBuf buf, int a, int b, int length) {
    for (int i = 0; i < length; i++) {
      if (toLower(buf.getByte(a + i)) != toLower(buf.getByte(b + i))) {
        return false;
      }
    }
    return true;
  }

  private static byte toLower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
  }

  /** The first index in {@code [from, to)} that is not a space or tab, or {@code to}. */
  private static int skipSpace(ByteBuf buf, int from, int to) {
    while (from < to && isSpace(buf.getByte(from))) {
      from++;
    }
    return from;
  }

  /** The end of {@code [from, to)} without trailing spaces and tabs. */
  private static int trimSpace(ByteBuf buf, int from, int to) {
    while (to > from && isSpace(buf.getByte(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t';
  }

  /** A byte a field value or reason phrase may hold: visible, space, tab or obs-text. */
  private static boolean isFieldByte(byte b) {
    return b == '\t' || (b >= ' ' && b != 0x7f) || b < 0;
  }

  /** A {@code tchar} of RFC 9110, 5.6.2. */
  private static boolean isTokenByte(byte b) {
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
      return true;
    }
    return switch (b) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
