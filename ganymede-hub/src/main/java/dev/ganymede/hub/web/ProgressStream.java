package dev.ganymede.hub.web;

import dev.ganymede.hub.server.ProgressEvent;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.server.ServerView;
import dev.ganymede.hub.store.ServerState;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The spawn progress event stream ({@code GET /hub/api/users/<name>/server/progress}), framed as
 * JupyterHub does: one {@code data: <json>\n\n} per event, a bare {@code \n\n} every 8 seconds to
 * keep proxies from closing an idle stream, and the stream ends after the ready or failed event.
 *
 * <p>Events arrive on spawner threads and are written on the request's event loop.
 */
final class ProgressStream {
  private static final long KEEPALIVE_MILLIS = 8_000;

  private final ServerManager servers;
  private final HubPaths paths;

  ProgressStream(ServerManager servers, HubPaths paths) {
    this.servers = servers;
    this.paths = paths;
  }

  /** Streams progress of one of {@code owner}'s servers; called on the event loop. */
  void stream(RoutingContext ctx, String owner, String serverName) {
    HttpServerResponse response = ctx.response();
    ctx.vertx()
        .executeBlocking(() -> servers.view(owner, serverName), false)
        .onComplete(
            viewed -> {
              if (viewed.failed()) {
                ctx.fail(viewed.cause());
                return;
              }
              ServerView view = viewed.result();
              if (view.state() != ServerState.STARTING
                  && view.state() != ServerState.RUNNING
                  && view.failure().isEmpty()) {
                response
                    .setStatusCode(400)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(
                        new JsonObject()
                            .put("status", 400)
                            .put(
                                "message",
                                "Server "
                                    + owner
                                    + "/"
                                    + serverName
                                    + " is not running and not starting")
                            .encode());
                return;
              }
              response
                  .setChunked(true)
                  .putHeader("Content-Type", "text/event-stream")
                  .putHeader("Cache-Control", "no-cache")
                  .putHeader("X-Accel-Buffering", "no");
              if (view.state() == ServerState.RUNNING) {
                write(response, readyEvent(view.basePath()));
                response.end();
                return;
              }
              subscribe(ctx, owner, serverName, response);
            });
  }

  private void subscribe(
      RoutingContext ctx, String owner, String serverName, HttpServerResponse response) {
    Context context = ctx.vertx().getOrCreateContext();
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<AutoCloseable> subscription = new AtomicReference<>();
    long timer =
        ctx.vertx()
            .setPeriodic(
                KEEPALIVE_MILLIS,
                id -> {
                  if (!done.get()) {
                    response.write("\n\n");
                  }
                });
    Runnable finish =
        () -> {
          if (done.compareAndSet(false, true)) {
            ctx.vertx().cancelTimer(timer);
            closeQuietly(subscription.get());
            if (!response.ended() && !response.closed()) {
              response.end();
            }
          }
        };
    response.closeHandler(v -> finish.run());
    subscription.set(
        servers.subscribe(
            owner,
            serverName,
            event ->
                context.runOnContext(
                    v -> {
                      if (done.get()) {
                        return;
                      }
                      write(response, toJson(event));
                      if (event.ready() || event.failed()) {
                        finish.run();
                      }
                    })));
    if (done.get()) {
      closeQuietly(subscription.get());
    }
  }

  private JsonObject readyEvent(String url) {
    return new JsonObject()
        .put("progress", 100)
        .put("ready", true)
        .put("message", "Server ready at " + url)
        .put("url", url);
  }

  static JsonObject toJson(ProgressEvent event) {
    JsonObject json =
        new JsonObject().put("progress", event.progress()).put("message", event.message());
    if (event.ready()) {
      json.put("ready", true);
    }
    if (event.failed()) {
      json.put("failed", true);
    }
    event.url().ifPresent(url -> json.put("url", url));
    return json;
  }

  private static void write(HttpServerResponse response, JsonObject event) {
    if (!response.closed()) {
      response.write("data: " + event.encode() + "\n\n");
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // unsubscribing cannot fail in a way the client could act on
    }
  }
}
