package dev.ganymede.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Netty path's request head for the target, written as bytes straight from the client's decoded
 * head (which stays as the client sent it): the rules of {@link ProxyHeaders#forServer} and {@link
 * ProxyHeaders#addForwarded} for a request that is not an upgrade, without adding a header object
 * per request.
 *
 * <ul>
 *   <li>the request line with the target's URI and {@code HTTP/1.1};
 *   <li>the client's headers in their order, without hop-by-hop ones ({@link
 *       ProxyHeaders#isHopByHop}, and those named in {@code Connection}), {@code Expect}, {@code
 *       Content-Length} beside a chunked {@code Transfer-Encoding}, and {@code Host} unless it is
 *       preserved;
 *   <li>then the target's {@code Host} (unless preserved), {@code X-Forwarded-For}, {@code -Port}
 *       and {@code -Proto} with the proxy's value appended to any the client sent, {@code
 *       X-Forwarded-Host} unless the client sent one, and {@code Transfer-Encoding: chunked} when
 *       the body is framed as chunks ({@link #chunked}).
 * </ul>
 */
final class TargetRequestHead {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  private static final AsciiString HOST = AsciiString.cached("host");
  private static final AsciiString EXPECT = AsciiString.cached("expect");
  private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
  private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
  private static final AsciiString CONNECTION = AsciiString.cached("connection");

  /**
   * The values of {@code X-Forwarded-*} beside the client's head: its address (null if it has
   * none), the port it connected to, and whether with TLS. {@link #NONE}: add none.
   */
  record Forwarded(String remoteHost, String port, boolean ssl) {
    static final Forwarded NONE = new Forwarded(null, "", false);
  }

  private TargetRequestHead() {}

  /**
   * Whether the body of a request with these headers goes to the target in chunks: when it is
   * chunked ({@code Transfer-Encoding: chunked} wins over a {@code Content-Length}, which is then
   * dropped); a request with a body but no chunked coding has a {@code Content-Length}.
   */
  static boolean chunked(HttpHeaders clientHeaders) {
    return ProxyHeaders.isChunked(clientHeaders);
  }

  /**
   * The head for the target of {@code clientHead}, in a buffer of {@code alloc}. {@code
   * targetHost}: the {@code Host} to send, or empty to keep the client's; {@code forwarded}: the
   * values of {@code X-Forwarded-*}, or {@link Forwarded#NONE}; {@code chunked}: what {@link
   * #chunked} says of the client's headers.
   */
  static ByteBuf write(
      ByteBufAllocator alloc,
      HttpRequest clientHead,
      String targetUri,
      String targetHost,
      Forwarded forwarded,
      boolean chunked) {
    HttpHeaders headers = clientHead.headers();
    List<String> listed =
        headers.contains(CONNECTION)
            ? ProxyHeaders.connectionTokens(headers.getAll(CONNECTION))
            : List.of();
    boolean preserveHost = targetHost.isEmpty();
    boolean addForwarded = forwarded != Forwarded.NONE;
    ByteBuf out = alloc.buffer(256);
    ByteBufUtil.writeAscii(out, clientHead.method().asciiName());
    out.writeByte(' ');
    ByteBufUtil.writeAscii(out, targetUri);
    out.writeBytes(HTTP_1_1_CRLF);
    String forwardedFor = null;
    String forwardedPort = null;
    String forwardedProto = null;
    boolean forwardedHost = false;
    Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
    while (entries.hasNext()) {
      Map.Entry<CharSequence, CharSequence> header = entries.next();
      CharSequence name = header.getKey();
      CharSequence value = header.getValue();
      if (ProxyHeaders.isHopByHop(name)
          || EXPECT.contentEqualsIgnoreCase(name)
          || (!preserveHost && HOST.contentEqualsIgnoreCase(name))
          || (chunked && CONTENT_LENGTH.contentEqualsIgnoreCase(name))
          || ProxyHeaders.isListed(listed, name)) {
        continue;
      }
      if (addForwarded) {
        if (X_FORWARDED_FOR.contentEqualsIgnoreCase(name)) {
          forwardedFor = join(forwardedFor, value);
          continue;
        }
        if (X_FORWARDED_PORT.contentEqualsIgnoreCase(name)) {
          forwardedPort = join(forwardedPort, value);
          continue;
        }
        if (X_FORWARDED_PROTO.contentEqualsIgnoreCase(name)) {
          forwardedProto = join(forwardedProto, value);
          continue;
        }
        forwardedHost |= X_FORWARDED_HOST.contentEqualsIgnoreCase(name);
      }
      writeHeader(out, name, null, value);
    }
    if (!preserveHost) {
      writeHeader(out, "Host", null, targetHost);
    }
    if (addForwarded) {
      if (forwarded.remoteHost() != null) {
        writeHeader(out, "X-Forwarded-For", forwardedFor, forwarded.remoteHost());
      } else if (forwardedFor != null) {
        writeHeader(out, "X-Forwarded-For", null, forwardedFor);
      }
      writeHeader(out, "X-Forwarded-Port", forwardedPort, forwarded.port());
      writeHeader(out, "X-Forwarded-Proto", forwardedProto, forwarded.ssl() ? "https" : "http");
      String clientHost = headers.get(HOST);
      if (clientHost != null && !forwardedHost) {
        writeHeader(out, "X-Forwarded-Host", null, clientHost);
      }
    }
    if (chunked) {
      out.writeBytes(CHUNKED_CRLF);
    }
    out.writeShort(0x0d0a);
    return out;
  }

  private static final byte[] HTTP_1_1_CRLF = {
    ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n'
  };
  private static final byte[] CHUNKED_CRLF =
      "Transfer-Encoding: chunked\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** {@code name: [before,]value}. */
  private static void writeHeader(
      ByteBuf out, CharSequence name, String before, CharSequence value) {
    ByteBufUtil.writeAscii(out, name);
    out.writeByte(':');
    out.writeByte(' ');
    if (before != null) {
      ByteBufUtil.writeAscii(out, before);
      out.writeByte(',');
    }
    ByteBufUtil.writeAscii(out, value);
    out.writeShort(0x0d0a);
  }

  /** Values of a repeated header, comma-joined (as {@link ProxyHeaders#addForwarded} does). */
  private static String join(String earlier, CharSequence value) {
    return earlier == null ? value.toString() : earlier + "," + value;
  }
}
