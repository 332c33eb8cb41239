package dev.ganymede.proxy;

/**
 * Why the proxy answers a request itself instead of relaying the target's response. Each failure
 * carries the HTTP status the default error handler sends.
 */
public enum ProxyFailure {
  /** No route matches the path and no fallback handler is configured. */
  NO_ROUTE(404, "No route for this path"),
  /** An interceptor threw or returned a failed future. */
  INTERCEPTOR_FAILED(500, "The proxy could not check this request"),
  /** The target accepted the connection but the exchange broke before a response arrived. */
  BAD_GATEWAY(502, "The server for this path sent no valid response"),
  /**
   * No connection to the target: refused, unreachable, connect timeout, or its connection pool and
   * wait queue are full. Usually the user's server is not running.
   */
  TARGET_UNAVAILABLE(503, "The server for this path is not reachable"),
  /** The target sent no response headers within the response timeout. */
  TARGET_TIMEOUT(504, "The server for this path did not answer in time");

  private final int statusCode;
  private final String message;

  ProxyFailure(int statusCode, String message) {
    this.statusCode = statusCode;
    this.message = message;
  }

  /** The HTTP status the default error handler answers with. */
  public int statusCode() {
    return statusCode;
  }

  /** A short, user-facing sentence (never contains request data). */
  public String message() {
    return message;
  }
}
