package dev.ganymede.hub.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of one hub request for the blocking part of a handler: path parameters, query,
 * form fields, headers, cookies, the client's address and the signed-in user.
 */
final class HubRequest {
  private final RoutingContext ctx;
  private final Optional<RequestUser> user;

  HubRequest(RoutingContext ctx, Optional<RequestUser> user) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.user = Objects.requireNonNull(user, "user");
  }

  RoutingContext context() {
    return ctx;
  }

  Optional<RequestUser> user() {
    return user;
  }

  /** The signed-in user, or a 403 for API-style requests (pages redirect before this). */
  RequestUser requireUser() {
    return user.orElseThrow(() -> HttpError.forbidden("Sign in first."));
  }

  RequestUser requireAdmin() {
    RequestUser u = requireUser();
    if (!u.admin()) {
      throw HttpError.forbidden("Only administrators may do this.");
    }
    return u;
  }

  HttpMethod method() {
    return ctx.request().method();
  }

  String path() {
    return ctx.request().path();
  }

  String uri() {
    return ctx.request().uri();
  }

  String pathParam(String name) {
    String value = ctx.pathParam(name);
    return value == null ? "" : value;
  }

  String query(String name) {
    String value = ctx.request().getParam(name);
    return value == null ? "" : value;
  }

  String form(String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value;
  }

  String header(String name) {
    String value = ctx.request().getHeader(name);
    return value == null ? "" : value;
  }

  /** All headers, names in lower case; repeated headers joined with {@code ", "}. */
  Map<String, String> headers() {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> header : ctx.request().headers()) {
      headers.merge(
          header.getKey().toLowerCase(Locale.ROOT),
          header.getValue(),
          (a, b) -> a + (header.getKey().equalsIgnoreCase("cookie") ? "; " : ", ") + b);
    }
    return headers;
  }

  Optional<String> cookie(String name) {
    Cookie cookie = ctx.request().getCookie(name);
    return cookie == null ? Optional.empty() : Optional.of(cookie.getValue());
  }

  String clientAddress() {
    return ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
  }
}
