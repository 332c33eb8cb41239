package dev.ganymede.hub.spawner.local;

import dev.ganymede.hub.jupyter.JupyterServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a starting server whether it answers: {@code GET <base path>api} with the server's secret
 * header; any status below 500 means ready (JupyterHub's rule). Redirects are not followed.
 */
final class ReadinessProbe {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** True if the server answered with a status below 500; false if it did not answer (yet). */
  boolean answers(URI api, String serverToken) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(api)
            .timeout(REQUEST_TIMEOUT)
            .header(JupyterServerConfig.TOKEN_HEADER, serverToken)
            .GET()
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
    } catch (IOException e) {
      return false;
    }
  }
}
