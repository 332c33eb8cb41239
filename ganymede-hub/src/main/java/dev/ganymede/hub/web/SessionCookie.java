package dev.ganymede.hub.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The hub's cookies: the session cookie {@code ganymede-session} (path = base URL, so the
 * in-process proxy can authenticate requests to users' servers with it) and the anonymous
 * anti-forgery cookie. Always HttpOnly and SameSite=Lax; Secure when the hub is reached over HTTPS
 * (public URL, TLS, or {@code X-Forwarded-Proto: https}).
 */
final class SessionCookie {
  static final String NAME = "ganymede-session";

  private final String path;
  private final Optional<URI> publicUrl;
  private final Duration maxAge;

  SessionCookie(String path, Optional<URI> publicUrl, Duration maxAge) {
    this.path = path;
    this.publicUrl = publicUrl;
    this.maxAge = maxAge;
  }

  Cookie session(String value, HttpServerRequest request) {
    return base(NAME, value, request).setMaxAge(maxAge.toSeconds());
  }

  Cookie clearSession(HttpServerRequest request) {
    return base(NAME, "", request).setMaxAge(0);
  }

  /** The state of the OAuth sign-in this browser started, for 10 minutes. */
  Cookie oauth(String name, String value, HttpServerRequest request) {
    return base(name, value, request).setMaxAge(Duration.ofMinutes(10).toSeconds());
  }

  Cookie clear(String name, HttpServerRequest request) {
    return base(name, "", request).setMaxAge(0);
  }

  Cookie anonymousXsrf(String value, HttpServerRequest request) {
    return base(Csrf.ANONYMOUS_COOKIE, value, request).setMaxAge(Duration.ofHours(2).toSeconds());
  }

  private Cookie base(String name, String value, HttpServerRequest request) {
    return Cookie.cookie(name, value)
        .setPath(path)
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secure(request));
  }

  private boolean secure(HttpServerRequest request) {
    if (publicUrl.isPresent()) {
      return "https".equalsIgnoreCase(publicUrl.get().getScheme());
    }
    return request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
  }
}
