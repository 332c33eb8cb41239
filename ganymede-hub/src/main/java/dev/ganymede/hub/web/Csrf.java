package dev.ganymede.hub.web;

import dev.ganymede.hub.session.CsrfTokens;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Anti-forgery tokens. A signed-in browser's token is its session's own; an anonymous browser
 * (login and sign-up forms) gets a random token in the {@code ganymede-xsrf} cookie, which its
 * forms echo (double submit). State-changing requests authenticated by cookie must carry the token
 * as form field {@code _xsrf} or header {@code X-XSRFToken}.
 */
final class Csrf {
  static final String ANONYMOUS_COOKIE = "ganymede-xsrf";
  static final String FIELD = "_xsrf";
  private static final String KEY = "ganymede.xsrf";

  private Csrf() {}

  /** The token the page being rendered must embed in its forms. */
  static String tokenFor(RoutingContext ctx) {
    Optional<RequestUser> user = RequestUser.of(ctx);
    if (user.isPresent()) {
      return user.get().session().csrfToken();
    }
    String pending = ctx.get(KEY);
    if (pending != null) {
      return pending;
    }
    Cookie existing = ctx.request().getCookie(ANONYMOUS_COOKIE);
    if (existing != null && existing.getValue().length() >= 32) {
      return existing.getValue();
    }
    String fresh = CsrfTokens.newToken();
    ctx.put(KEY, fresh);
    return fresh;
  }

  /** A new anonymous token to be set as a cookie with the page, if the page made one. */
  static Optional<String> pendingAnonymousToken(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  static Optional<String> submitted(HubRequest request) {
    String field = request.form(FIELD);
    if (!field.isEmpty()) {
      return Optional.of(field);
    }
    String header = request.header("X-XSRFToken");
    if (header.isEmpty()) {
      header = request.header("X-CSRFToken");
    }
    return header.isEmpty() ? Optional.empty() : Optional.of(header);
  }

  /** Throws 403 unless the request carries the signed-in user's token. */
  static void requireForSession(HubRequest request, RequestUser user) {
    String submitted = submitted(request).orElse("");
    if (!CsrfTokens.matches(user.session().csrfToken(), submitted)) {
      throw HttpError.forbidden(
          "This form has expired or did not come from this site. Reload the page and try again.");
    }
  }

  /** Throws 403 unless an anonymous form echoes its cookie's token. */
  static void requireAnonymous(HubRequest request) {
    String cookie = request.cookie(ANONYMOUS_COOKIE).orElse("");
    String submitted = submitted(request).orElse("");
    if (!CsrfTokens.matches(cookie, submitted)) {
      throw HttpError.forbidden(
          "This form has expired or did not come from this site. Reload the page and try again.");
    }
  }
}
