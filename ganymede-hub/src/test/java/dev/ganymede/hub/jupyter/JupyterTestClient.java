package dev.ganymede.hub.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a Jupyter server started by Ganymede the way the hub's proxy does: every request carries
 * (or, to test refusals, lacks) the server's secret header. Handles Jupyter's XSRF cookie like the
 * JupyterLab frontend does, and runs code in a kernel over the kernel WebSocket.
 */
public final class JupyterTestClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI server;
  private final String basePath;
  private final String token;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  /**
   * @param server e.g. {@code http://127.0.0.1:51234}
   * @param basePath e.g. {@code /user/alice/}
   */
  public JupyterTestClient(URI server, String basePath, String token) {
    this.server = server;
    this.basePath = basePath;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** {@code GET <basePath><path>} with the secret header. */
  public HttpResponse<String> get(String path) {
    return send(request(path).GET(), true);
  }

  /** {@code GET <basePath><path>} without the secret header. */
  public HttpResponse<String> getWithoutToken(String path) {
    return send(request(path).GET(), false);
  }

  /** {@code GET <basePath><path>} with a wrong secret. */
  public HttpResponse<String> getWithToken(String path, String otherToken) {
    return send(request(path).GET().header(JupyterServerConfig.TOKEN_HEADER, otherToken), false);
  }

  /** Starts a {@code python3} kernel (the XSRF cookie is fetched first) and returns its id. */
  public String startKernel() {
    HttpResponse<String> lab = get("lab");
    if (lab.statusCode() != 200) {
      throw new IllegalStateException("GET lab answered " + lab.statusCode());
    }
    String xsrf =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("_xsrf"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no _xsrf cookie"));
    HttpResponse<String> created =
        send(
            request("api/kernels")
                .header("Content-Type", "application/json")
                .header("X-XSRFToken", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"python3\"}")),
            true);
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "POST api/kernels answered " + created.statusCode() + ": " + created.body());
    }
    return json(created.body()).get("id").asText();
  }

  /**
   * Runs {@code code} in the kernel over {@code api/kernels/<id>/channels} and returns the {@code
   * text/plain} of its {@code execute_result}.
   */
  public String execute(String kernelId, String code, Duration timeout) {
    URI ws =
        URI.create(
            "ws://"
                + server.getAuthority()
                + basePath
                + "api/kernels/"
                + kernelId
                + "/channels?session_id="
                + UUID.randomUUID());
    String msgId = UUID.randomUUID().toString();
    CompletableFuture<String> result = new CompletableFuture<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .header(JupyterServerConfig.TOKEN_HEADER, token)
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(ws, KernelMessages.resultListener(msgId, result))
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .join();
    try {
      socket.sendText(KernelMessages.executeRequest(msgId, code), true).join();
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no execute_result for " + code, e);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** The kernel's model, if the server knows the kernel. */
  public Optional<JsonNode> kernel(String kernelId) {
    HttpResponse<String> response = get("api/kernels/" + kernelId);
    return response.statusCode() == 200 ? Optional.of(json(response.body())) : Optional.empty();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + basePath + path))
        .timeout(Duration.ofSeconds(20));
  }

  private HttpResponse<String> send(HttpRequest.Builder builder, boolean withToken) {
    if (withToken) {
      builder.header(JupyterServerConfig.TOKEN_HEADER, token);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
