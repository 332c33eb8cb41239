package dev.ganymede.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Calls of an HTTP API with {@code Authorization: token <token>}, as the hub's REST API and the
 * proxy's route API take them, for tests.
 */
public final class ApiCalls {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiCalls() {}

  /**
   * Sends {@code method path} to the server at {@code base} with {@code Authorization: token} (none
   * if {@code token} is null), {@code body} as is (none if null) and {@code headers} as name, value
   * pairs.
   */
  public static HttpResponse<String> send(
      URI base, String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      builder.header("Authorization", "token " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
