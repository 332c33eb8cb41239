package dev.ganymede.hub.server;

import dev.ganymede.hub.jupyter.JupyterServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Whether a server answers HTTP at its API path (any status below 500). Blocking. */
@FunctionalInterface
interface ServerProbe {

  boolean answers(URI api, String serverToken);

  /** The real probe: one {@code GET}, redirects not followed, a few seconds at most. */
  static ServerProbe http() {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return (api, token) -> {
      HttpRequest request =
          HttpRequest.newBuilder(api)
              .timeout(Duration.ofSeconds(5))
              .header(JupyterServerConfig.TOKEN_HEADER, token)
              .GET()
              .build();
      try {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }
}
