package dev.ganymede.proxy;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request the proxy could not relay (see {@link ProxyFailure}).
 *
 * <p>Contract: called on the client request's Vert.x context, before any byte of the response was
 * written; the handler must end {@code clientToProxyRequest.response()} (synchronously or later)
 * and must not block. If the client sent a request body the proxy did not read, the response
 * already carries {@code Connection: close}. The in-process hub renders its error page here; the
 * standalone proxy will forward to the hub's {@code /hub/error/<status>}.
 *
 * <pre>{@code
 * ProxyErrorHandler page = (clientToProxyRequest, failure) ->
 *     hubRouter.handle(rewriteTo(clientToProxyRequest, "/hub/error/" + failure.statusCode()));
 * }</pre>
 */
@FunctionalInterface
public interface ProxyErrorHandler {

  /** Answers {@code clientToProxyRequest} for {@code failure}; must end the response. */
  void handle(HttpServerRequest clientToProxyRequest, ProxyFailure failure);

  /**
   * The default: the failure's status with a small JSON body {@code {"status": 503, "message":
   * "..."}}.
   */
  static ProxyErrorHandler json() {
    return (clientToProxyRequest, failure) ->
        clientToProxyRequest
            .response()
            .setStatusCode(failure.statusCode())
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(
                "{\"status\":"
                    + failure.statusCode()
                    + ",\"message\":\""
                    + failure.message()
                    + "\"}");
  }

  /** Adapts a plain request handler that ignores the failure kind (e.g. a static error page). */
  static ProxyErrorHandler of(Handler<HttpServerRequest> handler) {
    return (clientToProxyRequest, failure) -> handler.handle(clientToProxyRequest);
  }
}
