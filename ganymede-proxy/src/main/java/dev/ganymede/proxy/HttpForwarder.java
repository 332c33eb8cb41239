package dev.ganymede.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one plain HTTP/1.1 exchange: the request body is piped to the target with back-pressure,
 * then the response is relayed by {@link ResponseRelay}. Never buffers a body.
 *
 * <p>A request body the client abandons is not ended at the target (the target connection is reset
 * instead), so a truncated upload is never taken for a complete one.
 */
final class HttpForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(HttpForwarder.class);

  private final Upstream upstream;
  private final ClientAnswers answers;

  HttpForwarder(Upstream upstream, ClientAnswers answers) {
    this.upstream = upstream;
    this.answers = answers;
  }

  /** Called on the client request's context with the request paused. */
  void forward(
      HttpServerRequest clientToProxyRequest,
      RouteMatch match,
      MultiMap proxyToServerHeaders,
      Set<String> hiddenResponseHeaders) {
    boolean requestHasBody = ProxyHeaders.hasBody(clientToProxyRequest.headers());
    upstream
        .open(clientToProxyRequest, match.route().target(), proxyToServerHeaders)
        .onComplete(
            opened -> {
              if (opened.failed()) {
                LOG.debug(
                    "No connection to {} for {} {}: {}",
                    match.route().target(),
                    clientToProxyRequest.method(),
                    clientToProxyRequest.path(),
                    opened.cause().toString());
                answers.fail(clientToProxyRequest, ProxyFailure.TARGET_UNAVAILABLE);
                return;
              }
              HttpClientRequest proxyToServerRequest = opened.result();
              HttpServerResponse proxyToClientResponse = clientToProxyRequest.response();
              if (proxyToClientResponse.closed()) {
                proxyToServerRequest.reset();
                return;
              }
              proxyToClientResponse.closeHandler(v -> proxyToServerRequest.reset());
              proxyToServerRequest
                  .response()
                  .onComplete(
                      responded -> {
                        if (responded.succeeded()) {
                          ResponseRelay.relay(
                              clientToProxyRequest,
                              proxyToServerRequest,
                              responded.result(),
                              match,
                              hiddenResponseHeaders);
                        } else {
                          ProxyFailure failure = Upstream.failureBeforeResponse(responded.cause());
                          LOG.debug(
                              "No response from {} for {} {}: {}",
                              match.route().target(),
                              clientToProxyRequest.method(),
                              clientToProxyRequest.path(),
                              responded.cause().toString());
                          answers.fail(clientToProxyRequest, failure);
                        }
                      });
              if (requestHasBody) {
                sendBody(clientToProxyRequest, proxyToServerRequest, proxyToServerHeaders);
              } else {
                clientToProxyRequest.resume();
                proxyToServerRequest.end();
                upstream.startResponseTimeout(proxyToServerRequest);
              }
            });
  }

  private void sendBody(
      HttpServerRequest clientToProxyRequest,
      HttpClientRequest proxyToServerRequest,
      MultiMap proxyToServerHeaders) {
    if (!proxyToServerHeaders.contains(HttpHeaders.CONTENT_LENGTH)) {
      proxyToServerRequest.setChunked(true);
    }
    if (ProxyHeaders.expectsContinue(clientToProxyRequest.headers())) {
      clientToProxyRequest.response().writeContinue();
    }
    clientToProxyRequest
        .pipe()
        .endOnFailure(false)
        .to(proxyToServerRequest)
        .onComplete(
            sent -> {
              if (sent.succeeded()) {
                upstream.startResponseTimeout(proxyToServerRequest);
              } else {
                proxyToServerRequest.reset(0, sent.cause());
              }
            });
  }
}
