package dev.ganymede.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays bytes between two upgraded connections in both directions with back-pressure (a side whose
 * peer cannot keep up is paused), records activity on the route for every chunk, and closes each
 * side once the other closed and everything written to it has been flushed.
 */
final class Tunnel {
  private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

  private Tunnel() {}

  /**
   * Starts relaying; both sockets must be paused and owned by the caller's context. {@code
   * serverConnection} is the target connection under {@code serverSocket}; it is closed with it.
   */
  static void open(
      NetSocket clientSocket,
      NetSocket serverSocket,
      HttpConnection serverConnection,
      RouteMatch match) {
    Runnable closeServerSide =
        () -> {
          serverSocket.close();
          serverConnection.close();
        };
    new Direction("client->server", clientSocket, serverSocket, closeServerSide, match).start();
    new Direction("server->client", serverSocket, clientSocket, clientSocket::close, match).start();
  }

  private static final class Direction {
    private final String name;
    private final NetSocket from;
    private final NetSocket to;
    private final Runnable closeTo;
    private final RouteMatch match;
    private Future<Void> lastWrite = Future.succeededFuture();

    Direction(String name, NetSocket from, NetSocket to, Runnable closeTo, RouteMatch match) {
      this.name = name;
      this.from = from;
      this.to = to;
      this.closeTo = closeTo;
      this.match = match;
    }

    void start() {
      from.handler(this::relay);
      from.closeHandler(v -> lastWrite.onComplete(flushed -> closeTo.run()));
      from.exceptionHandler(
          e -> {
            LOG.debug("WebSocket tunnel {} failed: {}", name, e.toString());
            from.close();
          });
      from.resume();
    }

    private void relay(Buffer data) {
      match.recordActivity();
      lastWrite = to.write(data);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    }
  }
}
