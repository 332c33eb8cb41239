package dev.ganymede.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a WebSocket upgrade: the upgrade request goes to the target on a connection of its own
 * (outside the pool, so open WebSockets never hold pool slots); if the target answers {@code 101},
 * its handshake response (accept key, chosen sub-protocol, negotiated extensions) goes back to the
 * client unchanged and both connections become a {@link Tunnel} that relays the WebSocket frames
 * byte for byte. Any other answer is relayed as a normal response and the connection closed.
 *
 * <p>Why a tunnel rather than terminating the WebSocket on both sides: the handshake, the
 * sub-protocol choice and {@code permessage-deflate} stay end-to-end between browser and target (a
 * Vert.x server can only offer a fixed, server-wide sub-protocol list), frames are not decoded,
 * re-masked and re-encoded, and ping/pong/close with code and reason pass as they are. This is also
 * what configurable-http-proxy does.
 */
final class WebSocketForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketForwarder.class);

  private final Upstream upstream;
  private final ClientAnswers answers;

  WebSocketForwarder(Upstream upstream, ClientAnswers answers) {
    this.upstream = upstream;
    this.answers = answers;
  }

  /** Called on the client request's context with the request paused. */
  void forward(
      HttpServerRequest clientToProxyRequest,
      RouteMatch match,
      MultiMap proxyToServerHeaders,
      Set<String> hiddenResponseHeaders) {
    upstream
        .openUnpooled(clientToProxyRequest, match.route().target(), proxyToServerHeaders)
        .onComplete(
            opened -> {
              if (opened.failed()) {
                LOG.debug(
                    "No connection to {} for WebSocket {}: {}",
                    match.route().target(),
                    clientToProxyRequest.path(),
                    opened.cause().toString());
                answers.fail(clientToProxyRequest, ProxyFailure.TARGET_UNAVAILABLE);
                return;
              }
              HttpClientRequest proxyToServerRequest = opened.result();
              HttpConnection serverConnection = proxyToServerRequest.connection();
              HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
              if (proxyToClientResponse.closed()) {
                serverConnection.close();
                return;
              }
              proxyToClientResponse.closeHandler(v -> serverConnection.close());
              proxyToServerRequest
                  .connect()
                  .onComplete(
                      responded -> {
                        if (responded.failed()) {
                          serverConnection.close();
                          LOG.debug(
                              "No upgrade response from {} for {}: {}",
                              match.route().target(),
                              clientToProxyRequest.path(),
                              responded.cause().toString());
                          answers.fail(
                              clientToProxyRequest,
                              Upstream.failureBeforeResponse(responded.cause()));
                        } else if (responded.result().statusCode() != 101) {
                          clientToProxyRequest.resume();
                          ResponseRelay.relay(
                                  clientToProxyRequest,
                                  proxyToServerRequest,
                                  responded.result(),
                                  match,
                                  hiddenResponseHeaders)
                              .onComplete(v -> serverConnection.close());
                        } else {
                          upgrade(
                              clientToProxyRequest,
                              responded.result(),
                              serverConnection,
                              match,
                              hiddenResponseHeaders);
                        }
                      });
              upstream.startResponseTimeout(proxyToServerRequest);
            });
  }

  private static void upgrade(
      HttpServerRequest clientToProxyRequest,
      HttpClientResponse serverToProxyResponse,
      HttpConnection serverConnection,
      RouteMatch match,
      Set<String> hiddenResponseHeaders) {
    NetSocket serverSocket = serverToProxyResponse.netSocket();
    serverSocket.pause();
    HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
    if (proxyToClientResponse.closed()) {
      serverConnection.close();
      return;
    }
    proxyToClientResponse.closeHandler(null);
    ProxyHeaders.toClient(
        serverToProxyResponse.headers(),
        proxyToClientResponse.headers(),
        true,
        hiddenResponseHeaders);
    clientToProxyRequest.resume();
    clientToProxyRequest
        .toNetSocket()
        .onComplete(
            upgraded -> {
              if (upgraded.succeeded()) {
                Tunnel.open(upgraded.result(), serverSocket, serverConnection, match);
              } else {
                LOG.debug(
                    "Client upgrade failed for {}: {}",
                    clientToProxyRequest.path(),
                    upgraded.cause().toString());
                serverConnection.close();
              }
            });
  }
}
