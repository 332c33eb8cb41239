package dev.ganymede.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses the proxy writes itself (interceptor answers and failures), and aborting a response
 * that is already under way.
 */
final class ClientAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(ClientAnswers.class);

  private final ProxyErrorHandler errorHandler;

  ClientAnswers(ProxyErrorHandler errorHandler) {
    this.errorHandler = errorHandler;
  }

  /** Answers with the error handler, or closes the connection if a response already started. */
  void fail(HttpServerRequest clientToProxyRequest, ProxyFailure failure) {
    HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
    if (proxyToClientResponse.closed()) {
      return;
    }
    if (proxyToClientResponse.headWritten()) {
      abort(clientToProxyRequest);
      return;
    }
    prepareEarlyAnswer(clientToProxyRequest);
    try {
      errorHandler.handle(clientToProxyRequest, failure);
    } catch (RuntimeException e) {
      LOG.warn("Proxy error handler failed for {}", failure, e);
      if (!proxyToClientResponse.headWritten() && !proxyToClientResponse.closed()) {
        proxyToClientResponse.setStatusCode(failure.statusCode()).end();
      } else {
        abort(clientToProxyRequest);
      }
    }
  }

  /** Writes an interceptor's answer. */
  void respond(HttpServerRequest clientToProxyRequest, ProxyDecision.Respond answer) {
    HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
    if (proxyToClientResponse.closed()) {
      return;
    }
    prepareEarlyAnswer(clientToProxyRequest);
    proxyToClientResponse.setStatusCode(answer.statusCode());
    proxyToClientResponse.headers().addAll(answer.headers());
    proxyToClientResponse.end(answer.body());
  }

  /** Ends the exchange abruptly: the client sees the connection close mid-response. */
  static void abort(HttpServerRequest clientToProxyRequest) {
    clientToProxyRequest.connection().close();
  }

  /**
   * The client's body (if any) was never forwarded: drain what is left so the connection does not
   * stay paused, and close the connection after the answer if an unread body remains.
   */
  private static void prepareEarlyAnswer(HttpServerRequest clientToProxyRequest) {
    if (!clientToProxyRequest.isEnded() && ProxyHeaders.hasBody(clientToProxyRequest.headers())) {
      clientToProxyRequest.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    clientToProxyRequest.resume();
  }
}
