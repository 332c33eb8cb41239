package dev.ganymede.hub.server;

import dev.ganymede.proxy.Route;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** URL paths of user servers, escaped the way JupyterHub does. */
public final class UrlPaths {
  private UrlPaths() {}

  /** Python's {@code urllib.parse.quote(name, safe='@~')}: {@code a b@c} → {@code a%20b@c}. */
  public static String quote(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-'
              || c == '~'
              || c == '@';
      if (safe) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * {@code /} + {@code alice} → {@code /user/alice/}; named server {@code gpu} → {@code
   * /user/alice/gpu/}.
   */
  public static String basePath(String baseUrl, String user, String serverName) {
    return baseUrl
        + "user/"
        + quote(user)
        + "/"
        + (serverName.isEmpty() ? "" : quote(serverName) + "/");
  }

  /** The route table's form of a base path (no trailing slash). */
  static String routePrefix(String basePath) {
    return Route.normalizePrefix(basePath);
  }

  /** A base URL with exactly one leading and one trailing slash. */
  static String normalizeBaseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String url = baseUrl.startsWith("/") ? baseUrl : "/" + baseUrl;
    return url.endsWith("/") ? url : url + "/";
  }
}
