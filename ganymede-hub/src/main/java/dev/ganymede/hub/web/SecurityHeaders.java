package dev.ganymede.hub.web;

import io.vertx.core.http.HttpServerResponse;

/** Headers every hub page carries. */
final class SecurityHeaders {
  private SecurityHeaders() {}

  static void applyToPage(HttpServerResponse response) {
    response
        .putHeader(
            "Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'self'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Cache-Control", "no-store");
  }
}
