package dev.ganymede.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganymede.hub.jupyter.KernelMessages;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for tests: keeps cookies, does not follow redirects, reads the
 * anti-forgery token from pages, and talks to a Jupyter kernel over WebSocket. Public, and shipped
 * in this module's test jar, for the hub tests of other modules (the Kubernetes spawner's).
 */
public final class HubClient {
  private static final Pattern XSRF_FIELD = Pattern.compile("name=\"_xsrf\" value=\"([^\"]+)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final PathlessCookies cookies = new PathlessCookies();
  private final HttpClient http;

  public HubClient(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public URI uri(String path) {
    return base.resolve(path);
  }

  public HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  public HttpResponse<String> postForm(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public HttpResponse<String> postJson(String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The anti-forgery token embedded in a page's forms. */
  public String xsrfFrom(String html) {
    Matcher m = XSRF_FIELD.matcher(html);
    assertThat(m.find()).as("page has an _xsrf field:\n%s", html).isTrue();
    return m.group(1);
  }

  /** Signs in through the login form; returns the final response of the POST. */
  public HttpResponse<String> login(String user, String password) {
    HttpResponse<String> page = get("/hub/login");
    assertThat(page.statusCode()).isEqualTo(200);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("_xsrf", xsrfFrom(page.body()));
    form.put("username", user);
    form.put("password", password);
    return postForm("/hub/login", form);
  }

  /** Presses "Start my server" on the home page. */
  public HttpResponse<String> startServer() {
    HttpResponse<String> home = get("/hub/home");
    assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
    return postForm("/hub/spawn", Map.of("_xsrf", xsrfFrom(home.body())));
  }

  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.values.get(name));
  }

  String cookieHeader() {
    return cookies.header();
  }

  void addCookie(String name, String value) {
    cookies.values.put(name, value);
  }

  /**
   * Starts a kernel through {@code serverPath} (e.g. {@code /user/alice/}) with this client's
   * cookies and the server's XSRF cookie; returns the kernel id.
   */
  String startKernel(String serverPath) throws IOException {
    HttpResponse<String> lab = get(serverPath + "lab");
    assertThat(lab.statusCode()).as("GET %slab: %s", serverPath, lab.body()).isEqualTo(200);
    String xsrf =
        cookie("_xsrf").orElseThrow(() -> new AssertionError("no _xsrf cookie from JupyterLab"));
    HttpResponse<String> created =
        postJson(serverPath + "api/kernels", "{\"name\":\"python3\"}", "X-XSRFToken", xsrf);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("id").asText();
  }

  /** Runs {@code code} in a kernel over its WebSocket and returns the text/plain result. */
  String execute(String serverPath, String kernelId, String code) throws Exception {
    URI ws =
        URI.create(
            "ws://"
                + base.getHost()
                + ":"
                + base.getPort()
                + serverPath
                + "api/kernels/"
                + kernelId
                + "/channels");
    CompletableFuture<String> result = new CompletableFuture<>();
    String msgId = UUID.randomUUID().toString();
    WebSocket socket =
        http.newWebSocketBuilder()
            .header("Cookie", cookieHeader())
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(ws, KernelMessages.resultListener(msgId, result))
            .get(20, TimeUnit.SECONDS);
    try {
      socket.sendText(KernelMessages.executeRequest(msgId, code), true).get(10, TimeUnit.SECONDS);
      return result.get(60, TimeUnit.SECONDS);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** Opens one kernel WebSocket that stays open for several executions. */
  KernelChannel openKernelChannel(String serverPath, String kernelId) throws Exception {
    URI ws =
        URI.create(
            "ws://"
                + base.getHost()
                + ":"
                + base.getPort()
                + serverPath
                + "api/kernels/"
                + kernelId
                + "/channels");
    KernelChannel channel = new KernelChannel();
    channel.socket =
        http.newWebSocketBuilder()
            .header("Cookie", cookieHeader())
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(ws, channel.listener)
            .get(20, TimeUnit.SECONDS);
    return channel;
  }

  /** A kernel WebSocket kept open; {@link #execute} may be called several times, one at a time. */
  static final class KernelChannel implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicReference<WebSocket.Listener> current =
        new java.util.concurrent.atomic.AtomicReference<>();
    private WebSocket socket;
    private final WebSocket.Listener listener =
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            WebSocket.Listener target = current.get();
            if (target != null) {
              target.onText(webSocket, data, last);
            } else {
              webSocket.request(1);
            }
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            WebSocket.Listener target = current.get();
            if (target != null) {
              target.onError(webSocket, error);
            }
          }
        };

    String execute(String code) throws Exception {
      CompletableFuture<String> result = new CompletableFuture<>();
      String msgId = UUID.randomUUID().toString();
      current.set(KernelMessages.resultListener(msgId, result));
      socket.sendText(KernelMessages.executeRequest(msgId, code), true).get(10, TimeUnit.SECONDS);
      return result.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** Tries to open a kernel WebSocket; completes exceptionally when the handshake is refused. */
  CompletableFuture<WebSocket> openWebSocket(String path) {
    URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    String cookieHeader = cookieHeader();
    if (!cookieHeader.isEmpty()) {
      builder.header("Cookie", cookieHeader);
    }
    return builder.buildAsync(ws, new WebSocket.Listener() {});
  }

  /**
   * Keeps cookies by name only and sends all of them everywhere. The JDK's CookieManager matches
   * cookie paths against the decoded request path, so it never sends a cookie whose path holds
   * percent-escapes (a server of user {@code ünï} lives at {@code /user/%C3%BCn%C3%AF/}); browsers
   * match the raw path. Scoping is irrelevant here: each test user has a client of their own.
   */
  private static final class PathlessCookies extends java.net.CookieHandler {
    final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();

    String header() {
      return values.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; "));
    }

    @Override
    public Map<String, java.util.List<String>> get(
        URI uri, Map<String, java.util.List<String>> requestHeaders) {
      return values.isEmpty() ? Map.of() : Map.of("Cookie", java.util.List.of(header()));
    }

    @Override
    public void put(URI uri, Map<String, java.util.List<String>> responseHeaders) {
      responseHeaders.forEach(
          (name, headerValues) -> {
            if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
              for (String header : headerValues) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                  if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                    values.remove(cookie.getName());
                  } else {
                    values.put(cookie.getName(), cookie.getValue());
                  }
                }
              }
            }
          });
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
