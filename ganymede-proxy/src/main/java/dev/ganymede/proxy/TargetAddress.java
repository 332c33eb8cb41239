package dev.ganymede.proxy;

import java.net.URI;

/** Where a route's target listens: host (IPv6 without brackets), port, and whether TLS is used. */
record TargetAddress(String host, int port, boolean ssl) {

  static TargetAddress of(URI target) {
    boolean ssl = "https".equalsIgnoreCase(target.getScheme());
    String host = target.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = target.getPort() > 0 ? target.getPort() : ssl ? 443 : 80;
    return new TargetAddress(host, port, ssl);
  }

  /** The {@code Host} header naming this target, as an HTTP client sends it. */
  String hostHeader() {
    String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == (ssl ? 443 : 80) ? name : name + ":" + port;
  }
}
