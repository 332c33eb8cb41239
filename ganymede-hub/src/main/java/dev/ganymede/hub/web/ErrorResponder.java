package dev.ganymede.hub.web;

import dev.ganymede.hub.server.SpawnRefusedException;
import dev.ganymede.hub.spawner.InvalidOptionsException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: {@link HttpError}s keep their status and message;
 * anything else is logged with its stack trace and answered with a plain 500 whose body holds no
 * detail. API paths ({@code /hub/api/...}) and clients that ask for JSON get {@code {"status": N,
 * "message": "..."}}; browsers get the error page. A start refused by a spawn limit is a 429 with
 * {@code Retry-After} (seconds), as JupyterHub answers, and browsers get a page that says when to
 * try again.
 */
final class ErrorResponder {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponder.class);

  private final Pages pages;

  ErrorResponder(Pages pages) {
    this.pages = pages;
  }

  void respond(RoutingContext ctx, Throwable failure) {
    if (ctx.response().headWritten()) {
      log.warn("failure after the response started: {}", failure.toString());
      ctx.response().reset();
      return;
    }
    if (failure instanceof SpawnRefusedException refused) {
      refused(ctx, refused);
      return;
    }
    int status;
    String message;
    if (failure instanceof HttpError error) {
      status = error.status();
      message = error.getMessage();
    } else if (failure instanceof InvalidOptionsException invalid) {
      status = 400;
      message = invalid.getMessage();
    } else {
      status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
      message = defaultMessage(status);
      if (status == 500) {
        log.error(
            "unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      }
    }
    send(ctx, status, message);
  }

  private void refused(RoutingContext ctx, SpawnRefusedException refused) {
    long seconds = Math.max(1, refused.retryAfter().toSeconds());
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    if (wantsJson(ctx)) {
      send(ctx, 429, refused.getMessage());
      return;
    }
    ctx.response().setStatusCode(429);
    pages.respond(
        ctx,
        "spawn_refused",
        Map.of(
            "message",
            refused.getMessage(),
            "retryAfter",
            seconds,
            "spawnUrl",
            // the spawn form answers GET at the path its POST went to
            ctx.request().path().contains("/hub/spawn") ? ctx.request().path() : ""));
  }

  void send(RoutingContext ctx, int status, String message) {
    if (wantsJson(ctx)) {
      ctx.response()
          .setStatusCode(status)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .end(new JsonObject().put("status", status).put("message", message).encode());
    } else {
      ctx.response().setStatusCode(status);
      pages.respond(
          ctx,
          "error",
          Map.of("status", status, "reason", defaultMessage(status), "message", message));
    }
  }

  static boolean wantsJson(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.contains("/hub/api/") || path.endsWith("/hub/api")) {
      return true;
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Request too large";
      case 424 -> "Server not running";
      case 429 -> "Too many requests";
      case 503 -> "Service unavailable";
      default -> status >= 500 ? "Internal server error" : "Error";
    };
  }
}
