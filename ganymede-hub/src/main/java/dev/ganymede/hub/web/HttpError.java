package dev.ganymede.hub.web;

/**
 * An error with an HTTP status and a message fit to show the user. Thrown anywhere in a hub
 * handler; {@link ErrorResponder} turns it into a JSON body ({@code {"status", "message"}}) for API
 * requests and an error page for browsers. Messages never contain secrets.
 */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  public static HttpError forbidden(String message) {
    return new HttpError(403, message);
  }

  public static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
