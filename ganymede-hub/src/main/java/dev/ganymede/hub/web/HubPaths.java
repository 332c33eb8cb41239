package dev.ganymede.hub.web;

import dev.ganymede.hub.server.UrlPaths;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * URL paths of the hub's pages and users' servers under the deployment's base URL, with user names
 * escaped as JupyterHub does ({@code quote(name, safe='@~')}: unreserved characters, {@code @} and
 * {@code ~} stay, everything else is percent-encoded as UTF-8).
 */
final class HubPaths {
  private final String base;

  HubPaths(String baseUrl) {
    this.base = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  String base() {
    return base;
  }

  String hub(String rest) {
    return base + "hub/" + rest;
  }

  String login(String next) {
    return next.isEmpty() ? hub("login") : hub("login") + "?next=" + escapeQuery(next);
  }

  /**
   * A redirect target supplied by the client, accepted only if it stays on this deployment (a path
   * under the base URL, not {@code //host}); otherwise the home page.
   */
  String safeNext(String next) {
    if (next == null
        || next.isEmpty()
        || !next.startsWith(base)
        || next.startsWith("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return hub("home");
    }
    return next;
  }

  static String escape(String name) {
    return UrlPaths.quote(name);
  }

  String userServer(String user) {
    return UrlPaths.basePath(base, user, "");
  }

  static String escapeQuery(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
