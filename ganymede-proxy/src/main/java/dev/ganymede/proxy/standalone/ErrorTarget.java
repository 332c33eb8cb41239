package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.ProxyErrorHandler;
import dev.ganymede.proxy.ProxyFailure;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Answers proxy failures like configurable-http-proxy's {@code --error-target}: {@code GET
 * <errorTarget>/<status>?url=<original url>}, relayed with the failure's status. If the error
 * target cannot be reached either (the hub is restarting), the JSON default answers.
 */
final class ErrorTarget implements ProxyErrorHandler {
  private static final long TIMEOUT_MILLIS = 5_000;

  private final HttpClient client;
  private final URI errorTarget;
  private final ProxyErrorHandler fallback = ProxyErrorHandler.json();

  ErrorTarget(HttpClient client, URI errorTarget) {
    this.client = Objects.requireNonNull(client, "client");
    this.errorTarget = Objects.requireNonNull(errorTarget, "errorTarget");
  }

  @Override
  public void handle(HttpServerRequest clientToProxyRequest, ProxyFailure failure) {
    String base = errorTarget.toString().replaceAll("/+$", "");
    String url =
        base
            + "/"
            + failure.statusCode()
            + "?url="
            + URLEncoder.encode(clientToProxyRequest.uri(), StandardCharsets.UTF_8);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(url)
            .setIdleTimeout(TIMEOUT_MILLIS)
            .putHeader("Accept", acceptOf(clientToProxyRequest));
    client
        .request(options)
        .compose(proxyToHubRequest -> proxyToHubRequest.send())
        .compose(
            hubToProxyResponse ->
                hubToProxyResponse
                    .body()
                    .map(
                        body ->
                            relay(
                                clientToProxyRequest.response(),
                                failure,
                                hubToProxyResponse,
                                body)))
        .onFailure(
            e -> {
              HttpServerResponse response = clientToProxyRequest.response();
              if (!response.ended() && !response.headWritten()) {
                fallback.handle(clientToProxyRequest, failure);
              }
            });
  }

  private static Void relay(
      HttpServerResponse proxyToClientResponse,
      ProxyFailure failure,
      HttpClientResponse hubToProxyResponse,
      io.vertx.core.buffer.Buffer body) {
    if (proxyToClientResponse.ended() || proxyToClientResponse.closed()) {
      return null;
    }
    String type = hubToProxyResponse.getHeader("Content-Type");
    if (type != null) {
      proxyToClientResponse.putHeader("Content-Type", type);
    }
    proxyToClientResponse
        .putHeader("Cache-Control", "no-store")
        .setStatusCode(failure.statusCode())
        .end(body);
    return null;
  }

  private static String acceptOf(HttpServerRequest request) {
    String accept = request.getHeader("Accept");
    return accept == null ? "*/*" : accept;
  }
}
