package dev.ganymede.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.Objects;

/**
 * What a {@link ProxyInterceptor} decided about a request: {@link #proceed()} to let the next
 * interceptor (and then the target) see it, or {@link #respond} to answer the client directly (a
 * redirect to the login page, a 403) so that the target never sees the request.
 */
public sealed interface ProxyDecision permits ProxyDecision.Proceed, ProxyDecision.Respond {

  /** Let the request go on to the next interceptor, then to the target. */
  static ProxyDecision proceed() {
    return Proceed.INSTANCE;
  }

  /** Answer the client with this response; no later interceptor runs, the target sees nothing. */
  static ProxyDecision respond(int statusCode, MultiMap headers, Buffer body) {
    return new Respond(statusCode, headers, body);
  }

  /** As {@link #respond(int, MultiMap, Buffer)} with a UTF-8 text body. */
  static ProxyDecision respond(int statusCode, MultiMap headers, String body) {
    return new Respond(statusCode, headers, Buffer.buffer(Objects.requireNonNull(body, "body")));
  }

  /** A {@code 302 Found} to {@code location} with an empty body. */
  static ProxyDecision redirect(String location) {
    return new Respond(
        302,
        HttpHeaders.headers().add("Location", Objects.requireNonNull(location, "location")),
        Buffer.buffer());
  }

  /** The request goes on. */
  enum Proceed implements ProxyDecision {
    INSTANCE
  }

  /**
   * The proxy answers with this response.
   *
   * @param statusCode a final HTTP status, 200 to 599
   * @param headers response headers, copied on construction
   * @param body response body, copied on construction
   */
  record Respond(int statusCode, MultiMap headers, Buffer body) implements ProxyDecision {
    public Respond {
      if (statusCode < 200 || statusCode > 599) {
        throw new IllegalArgumentException(
            "statusCode must be between 200 and 599, was " + statusCode);
      }
      headers = HttpHeaders.headers().addAll(Objects.requireNonNull(headers, "headers"));
      body = Objects.requireNonNull(body, "body").copy();
    }
  }
}
