package dev.ganymede.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;

/**
 * Relays the target's response to the client: status, end-to-end headers, and the body streamed
 * with back-pressure. If either side breaks mid-body, both connections are closed so that the
 * client never takes a truncated body for a complete one.
 */
final class ResponseRelay {
  private ResponseRelay() {}

  /** Completes when the relay is over, whether the body got through or not. */
  static Future<Void> relay(
      HttpServerRequest clientToProxyRequest,
      HttpClientRequest proxyToServerRequest,
      HttpClientResponse serverToProxyResponse,
      RouteMatch match,
      Set<String> hiddenResponseHeaders) {
    HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
    if (proxyToClientResponse.closed()) {
      proxyToServerRequest.reset();
      return Future.succeededFuture();
    }
    int status = serverToProxyResponse.statusCode();
    proxyToClientResponse.setStatusCode(status);
    String reason = serverToProxyResponse.statusMessage();
    if (reason != null && !reason.isEmpty()) {
      proxyToClientResponse.setStatusMessage(reason);
    }
    ProxyHeaders.toClient(
        serverToProxyResponse.headers(),
        proxyToClientResponse.headers(),
        false,
        hiddenResponseHeaders);
    if (clientToProxyRequest.method() == HttpMethod.HEAD || status == 204 || status == 304) {
      serverToProxyResponse.resume();
      match.recordActivity();
      return proxyToClientResponse.end().otherwiseEmpty();
    }
    if (!proxyToClientResponse.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      proxyToClientResponse.setChunked(true);
    }
    return serverToProxyResponse
        .pipe()
        .endOnFailure(false)
        .to(proxyToClientResponse)
        .onComplete(
            relayed -> {
              if (relayed.succeeded()) {
                match.recordActivity();
              } else {
                proxyToServerRequest.reset();
                ClientAnswers.abort(clientToProxyRequest);
              }
            })
        .otherwiseEmpty();
  }
}
