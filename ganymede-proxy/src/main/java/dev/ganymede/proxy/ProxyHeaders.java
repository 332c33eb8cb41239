package dev.ganymede.proxy;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header rules of the proxy: hop-by-hop removal (RFC 9110 §7.6.1), WebSocket upgrade detection,
 * {@code X-Forwarded-*}, and body detection.
 *
 * <p>Hop-by-hop headers are {@code Connection}, {@code Keep-Alive}, {@code Proxy-*}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, and every header named in a {@code
 * Connection} header. {@code Expect} is also dropped: the proxy answers {@code 100-continue} itself
 * once the interceptors let the request through. For WebSocket upgrades the proxy sends exactly
 * {@code Connection: Upgrade} and {@code Upgrade: websocket} to the target.
 */
final class ProxyHeaders {
  /** The hop-by-hop headers with fixed names ({@code Proxy-*} ones aside). */
  private static final List<AsciiString> FIXED_HOP_BY_HOP =
      List.of(
          AsciiString.cached("connection"),
          AsciiString.cached("keep-alive"),
          AsciiString.cached("te"),
          AsciiString.cached("trailer"),
          AsciiString.cached("transfer-encoding"),
          AsciiString.cached("upgrade"));

  private ProxyHeaders() {}

  static boolean isWebSocketUpgrade(HttpServerRequest request) {
    return request.method() == HttpMethod.GET
        && upgradesToWebSocket(request.headers().get(HttpHeaders.UPGRADE))
        && anyUpgradeToken(request.headers().getAll(HttpHeaders.CONNECTION));
  }

  /** {@link #isWebSocketUpgrade(HttpServerRequest)} for a request head decoded by Netty. */
  static boolean isWebSocketUpgrade(io.netty.handler.codec.http.HttpRequest request) {
    return io.netty.handler.codec.http.HttpMethod.GET.equals(request.method())
        && upgradesToWebSocket(request.headers().get(HttpHeaders.UPGRADE))
        && anyUpgradeToken(request.headers().getAll(HttpHeaders.CONNECTION));
  }

  private static boolean upgradesToWebSocket(String upgrade) {
    return upgrade != null && containsToken(upgrade, "websocket");
  }

  private static boolean anyUpgradeToken(List<String> connectionHeaders) {
    for (String connection : connectionHeaders) {
      if (containsToken(connection, "upgrade")) {
        return true;
      }
    }
    return false;
  }

  static boolean isHopByHop(CharSequence name) {
    return isHopByHop(name, 0, name.length());
  }

  /**
   * Whether {@code value[from, to)} names a hop-by-hop header: one of {@link #FIXED_HOP_BY_HOP} or
   * a {@code Proxy-*} one (in place, so that a {@code Connection} token costs no string).
   */
  private static boolean isHopByHop(CharSequence value, int from, int to) {
    int length = to - from;
    if (isProxyPrefixed(value, from, to)) {
      return true;
    }
    for (int i = 0; i < FIXED_HOP_BY_HOP.size(); i++) {
      AsciiString known = FIXED_HOP_BY_HOP.get(i);
      if (known.length() == length
          && AsciiString.regionMatches(value, true, from, known, 0, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isProxyPrefixed(CharSequence value, int from, int to) {
    return to - from >= 6 && AsciiString.regionMatches(value, true, from, "proxy-", 0, 6);
  }

  /** The client's headers as they go to the target, before interceptors and X-Forwarded-*. */
  static MultiMap forServer(MultiMap clientHeaders, boolean webSocket, boolean preserveHost) {
    List<String> listedInConnection =
        connectionTokens(clientHeaders.getAll(HttpHeaders.CONNECTION));
    boolean chunked = isChunked(clientHeaders);
    MultiMap proxyToServerHeaders = HttpHeaders.headers();
    for (Map.Entry<String, String> header : clientHeaders) {
      String name = header.getKey();
      if (isHopByHop(name)
          || name.equalsIgnoreCase("expect")
          || (!preserveHost && name.equalsIgnoreCase("host"))
          || (chunked && name.equalsIgnoreCase("content-length"))
          || isListed(listedInConnection, name)) {
        continue;
      }
      proxyToServerHeaders.add(name, header.getValue());
    }
    if (webSocket) {
      proxyToServerHeaders.set(HttpHeaders.CONNECTION, "Upgrade");
      proxyToServerHeaders.set(HttpHeaders.UPGRADE, "websocket");
    }
    return proxyToServerHeaders;
  }

  /** {@link #isChunked(MultiMap)} for Netty headers. */
  static boolean isChunked(io.netty.handler.codec.http.HttpHeaders headers) {
    return headers.contains(HttpHeaders.TRANSFER_ENCODING)
        && isChunked(headers.getAll(HttpHeaders.TRANSFER_ENCODING));
  }

  /**
   * Copies the target's response headers to the client's response, without hop-by-hop headers and
   * without the {@code hidden} names (lower case).
   */
  static void toClient(
      MultiMap serverHeaders, MultiMap clientHeaders, boolean upgrade, Set<String> hidden) {
    List<String> listedInConnection =
        connectionTokens(serverHeaders.getAll(HttpHeaders.CONNECTION));
    boolean chunked = isChunked(serverHeaders);
    for (Map.Entry<String, String> header : serverHeaders) {
      String name = header.getKey();
      if (isHopByHop(name)
          || (chunked && name.equalsIgnoreCase("content-length"))
          || isListed(listedInConnection, name)
          || (!hidden.isEmpty() && hidden.contains(name.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      clientHeaders.add(name, header.getValue());
    }
    if (upgrade) {
      String protocol = serverHeaders.get(HttpHeaders.UPGRADE);
      clientHeaders.set(HttpHeaders.CONNECTION, "Upgrade");
      clientHeaders.set(HttpHeaders.UPGRADE, protocol == null ? "websocket" : protocol);
    }
  }

  /**
   * Sets {@code Host} from the request's authority when the client sent none (HTTP/2 clients send
   * {@code :authority} instead), so that the target sees the client's host either way.
   */
  static void hostFromAuthority(
      MultiMap proxyToServerHeaders, HttpServerRequest clientToProxyRequest) {
    if (proxyToServerHeaders.contains(HttpHeaders.HOST)) {
      return;
    }
    HostAndPort authority = clientToProxyRequest.authority();
    if (authority != null && authority.host() != null && !authority.host().isEmpty()) {
      proxyToServerHeaders.set(
          HttpHeaders.HOST,
          authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host());
    }
  }

  /**
   * Lower-case names of the headers the interceptors added or changed: present in {@code
   * proxyToServerHeaders} with values other than the client sent.
   */
  static Set<String> changedByInterceptors(MultiMap clientHeaders, MultiMap proxyToServerHeaders) {
    Set<String> changed = new HashSet<>();
    for (String name : proxyToServerHeaders.names()) {
      if (!isHopByHop(name)
          && !proxyToServerHeaders.getAll(name).equals(clientHeaders.getAll(name))) {
        changed.add(name.toLowerCase(Locale.ROOT));
      }
    }
    return changed;
  }

  /**
   * Appends {@code X-Forwarded-For}, {@code -Port} and {@code -Proto} to any values the client
   * sent, and sets {@code X-Forwarded-Host} to the client's {@code Host} unless already present;
   * the same rules as configurable-http-proxy (node-http-proxy's {@code xfwd}).
   */
  static void addForwarded(MultiMap proxyToServerHeaders, HttpServerRequest clientToProxyRequest) {
    SocketAddress remote = clientToProxyRequest.remoteAddress();
    if (remote != null && remote.hostAddress() != null) {
      append(proxyToServerHeaders, "X-Forwarded-For", remote.hostAddress());
    }
    boolean ssl = clientToProxyRequest.isSSL();
    HostAndPort authority = clientToProxyRequest.authority();
    int port = authority != null && authority.port() > 0 ? authority.port() : ssl ? 443 : 80;
    append(proxyToServerHeaders, "X-Forwarded-Port", Integer.toString(port));
    append(proxyToServerHeaders, "X-Forwarded-Proto", ssl ? "https" : "http");
    String host = clientToProxyRequest.headers().get(HttpHeaders.HOST);
    if (host != null && !proxyToServerHeaders.contains("X-Forwarded-Host")) {
      proxyToServerHeaders.set("X-Forwarded-Host", host);
    }
  }

  /**
   * The {@code X-Forwarded-Port} of a request with this {@code Host} header: the port it names,
   * else the scheme's (443 with TLS, else 80).
   */
  static String forwardedPort(String clientHost, boolean ssl) {
    int port = portOf(clientHost);
    return port > 0 ? Integer.toString(port) : ssl ? "443" : "80";
  }

  /** The port of a {@code Host} header value, or -1 if it names none. */
  static int portOf(String host) {
    if (host == null) {
      return -1;
    }
    int colon = host.lastIndexOf(':');
    if (colon < 0 || colon < host.lastIndexOf(']')) {
      return -1;
    }
    int from = colon + 1;
    int to = host.length();
    while (from < to && Character.isWhitespace(host.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(host.charAt(to - 1))) {
      to--;
    }
    if (to - from < 1 || to - from > 5) {
      return -1;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = host.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port > 0 && port <= 65535 ? port : -1;
  }

  /** Whether the request carries a body: chunked, or a positive Content-Length. */
  static boolean hasBody(MultiMap headers) {
    return hasBody(isChunked(headers), headers.get(HttpHeaders.CONTENT_LENGTH));
  }

  /**
   * Whether a request whose body {@code chunked} says is chunked, with this {@code Content-Length}
   * value (or null), carries a body.
   */
  static boolean hasBody(boolean chunked, String length) {
    if (chunked) {
      return true;
    }
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isChunked(MultiMap headers) {
    return isChunked(headers.getAll(HttpHeaders.TRANSFER_ENCODING));
  }

  private static boolean isChunked(List<String> transferEncodings) {
    for (String value : transferEncodings) {
      if (containsToken(value, "chunked")) {
        return true;
      }
    }
    return false;
  }

  static boolean expectsContinue(MultiMap headers) {
    String expect = headers.get(HttpHeaders.EXPECT);
    return expect != null && expect.trim().equalsIgnoreCase("100-continue");
  }

  /** The request target in origin form ({@code /path?query}), also for absolute-form targets. */
  static String originForm(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return "/" + uri;
    }
    int slash = uri.indexOf('/', scheme + 3);
    int query = uri.indexOf('?', scheme + 3);
    if (slash >= 0 && (query < 0 || slash < query)) {
      return uri.substring(slash);
    }
    return query < 0 ? "/" : "/" + uri.substring(query);
  }

  private static void append(MultiMap headers, String name, String value) {
    List<String> existing = headers.getAll(name);
    if (existing.isEmpty()) {
      headers.set(name, value);
    } else {
      headers.set(name, String.join(",", existing) + "," + value);
    }
  }

  /** The trimmed, non-empty tokens of {@code Connection} values. */
  static List<String> connectionTokens(List<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>(2);
    for (String value : values) {
      for (String token : value.split(",")) {
        String trimmed = token.trim();
        if (!trimmed.isEmpty()) {
          tokens.add(trimmed);
        }
      }
    }
    return tokens;
  }

  /** Whether {@code name} is one of {@code tokens}, in any case. */
  static boolean isListed(List<String> tokens, CharSequence name) {
    for (int i = 0; i < tokens.size(); i++) {
      if (AsciiString.contentEqualsIgnoreCase(tokens.get(i), name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsToken(String value, String token) {
    for (String part : value.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
