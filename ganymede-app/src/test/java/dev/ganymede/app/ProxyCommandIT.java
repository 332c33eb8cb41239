package dev.ganymede.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ganymede.testkit.ApiCalls;
import dev.ganymede.testkit.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ganymede proxy} from the packaged jar: which network transport it runs on, said on its
 * startup line, and requests relayed to its default target and to a route added through its API on
 * that transport.
 */
class ProxyCommandIT {
  private static final String TOKEN = "proxy-command-it-token-0123456789";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private HttpServer backend;

  @BeforeEach
  void startBackend() throws IOException {
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    backend.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("backend saw " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    backend.start();
  }

  @AfterEach
  void stopBackend() {
    backend.stop(0);
  }

  @Test
  void runsOnIoUringByDefaultSaysSoAndRelaysToItsDefaultTargetAndToAddedRoutes() throws Exception {
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");
    run(
        List.of(),
        Map.of(),
        (proxy, port, apiPort) -> {
          assertThat(proxy.awaitLine("Ganymede proxy on")).endsWith("(io_uring)");
          assertRelays(port, apiPort);
        });
  }

  @Test
  void runsOnEpollWhenAskedAndRelaysTheSame() throws Exception {
    assumeTrue(Transport.EPOLL.available(), "epoll is not available here");
    run(
        List.of("--transport", "epoll"),
        Map.of(),
        (proxy, port, apiPort) -> {
          assertThat(proxy.awaitLine("Ganymede proxy on")).endsWith("(epoll)");
          assertRelays(port, apiPort);
        });
  }

  @Test
  void servesItsRouteApiAndLogsInGanymedesFormatWithoutLoadingJacksonDatabindOrAnXmlParser()
      throws Exception {
    // what the proxy loads it keeps in metaspace for its lifetime: see ProxyJson, LogbackDefaults
    Path classes = dir.resolve("classes.txt");
    run(
        List.of(),
        Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classes),
        (proxy, port, apiPort) -> {
          assertThat(proxy.awaitLine("Proxy listening on"))
              .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  StandaloneProxy Proxy listening on .*");
          assertRelays(port, apiPort);
          HttpResponse<String> routes =
              ApiCalls.send(
                  URI.create("http://127.0.0.1:" + apiPort), "GET", "/api/routes", TOKEN, "");
          assertThat(routes.statusCode()).isEqualTo(200);
          assertThat(routes.body()).contains("\"/user/ada\":{\"target\":\"http://127.0.0.1:");
        });
    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).anyMatch(line -> line.contains(" dev.ganymede.proxy.ProxyJson "));
    assertThat(loaded)
        .noneMatch(line -> line.contains(" com.fasterxml.jackson.databind."))
        .noneMatch(line -> line.contains(" ch.qos.logback.classic.joran."))
        .noneMatch(line -> line.contains(" ch.qos.logback.core.model."))
        .noneMatch(line -> line.contains(" javax.xml.parsers."));
  }

  @Test
  void logsOnlyWarningsOfItsOwnWhenGanymedeLogLevelSaysWarn() throws Exception {
    CliProcess proxy =
        run(
            List.of(),
            Map.of("GANYMEDE_LOG_LEVEL", "WARN"),
            (running, port, apiPort) -> {
              running.awaitLine("Ganymede proxy on");
              assertRelays(port, apiPort);
            });
    assertThat(proxy.lines()).noneMatch(line -> line.contains("Proxy listening on"));
  }

  @Test
  void takesEveryFlagJupyterHubPassesWithInternalSslAndServesItsApiOnlyToTheHubsCertificate()
      throws Exception {
    SelfSignedCertificate api = SelfSignedCertificate.create("localhost");
    SelfSignedCertificate hub = SelfSignedCertificate.create("hub");
    SelfSignedCertificate client = SelfSignedCertificate.create("proxy-client");
    SelfSignedCertificate servers = SelfSignedCertificate.create("localhost");
    int port = FreePorts.next();
    int apiPort = FreePorts.next();
    CliProcess proxy =
        start(
            port,
            apiPort,
            List.of(
                "--api-ssl-key",
                api.privateKeyPath(),
                "--api-ssl-cert",
                api.certificatePath(),
                "--api-ssl-ca",
                hub.certificatePath(),
                "--api-ssl-request-cert",
                "--api-ssl-reject-unauthorized",
                "--client-ssl-key",
                client.privateKeyPath(),
                "--client-ssl-cert",
                client.certificatePath(),
                "--client-ssl-ca",
                servers.certificatePath(),
                "--client-ssl-request-cert",
                "--client-ssl-reject-unauthorized",
                "--error-target",
                "http://127.0.0.1:" + backend.getAddress().getPort() + "/hub/error",
                "--log-level",
                "info",
                "--host-routing"));
    Vertx vertx = Vertx.vertx();
    try {
      proxy.awaitLine("Ganymede proxy on");
      HttpClientOptions toApi =
          new HttpClientOptions()
              .setSsl(true)
              .setTrustOptions(api.trustOptions())
              .setVerifyHost(
                  false); // the API listens on 127.0.0.1, its certificate names localhost

      HttpClientOptions asHub =
          new HttpClientOptions(toApi).setKeyCertOptions(hub.keyCertOptions());

      assertThat(routesStatus(vertx, asHub, apiPort).await()).isEqualTo(200);
      // without a certificate the TLS handshake fails: no answer at all
      assertThatThrownBy(() -> routesStatus(vertx, toApi, apiPort).await());
    } finally {
      vertx.close().await();
      assertThat(proxy.stop()).as("exit after SIGTERM").isIn(0, 143);
    }
  }

  private static Future<Integer> routesStatus(Vertx vertx, HttpClientOptions options, int apiPort) {
    // the client is closed once answered; held until then (Vert.x closes a client that is
    // garbage collected, and nothing else refers to this one)
    HttpClientAgent client = vertx.createHttpClient(options);
    return client
        .request(HttpMethod.GET, apiPort, "127.0.0.1", "/api/routes")
        .compose(
            request ->
                request
                    .putHeader("Authorization", "token " + TOKEN)
                    .send()
                    .map(HttpClientResponse::statusCode))
        .eventually(client::close);
  }

  /** What a test checks while the proxy runs. */
  @FunctionalInterface
  private interface WhileRunning {
    void check(CliProcess proxy, int port, int apiPort) throws Exception;
  }

  /** Starts the proxy on free ports, runs {@code check}, stops it (it must exit cleanly). */
  private CliProcess run(List<String> extra, Map<String, String> env, WhileRunning check)
      throws Exception {
    int port = FreePorts.next();
    int apiPort = FreePorts.next();
    CliProcess proxy = start(port, apiPort, extra, env);
    try {
      check.check(proxy, port, apiPort);
    } finally {
      assertThat(proxy.stop()).as("exit after SIGTERM").isIn(0, 143);
    }
    return proxy;
  }

  private void assertRelays(int port, int apiPort) throws Exception {
    HttpResponse<String> unrouted = get(port, "/hub/home");
    assertThat(unrouted.statusCode()).isEqualTo(200);
    assertThat(unrouted.body()).isEqualTo("backend saw /hub/home");

    HttpResponse<String> added =
        ApiCalls.send(
            URI.create("http://127.0.0.1:" + apiPort),
            "POST",
            "/api/routes/user/ada",
            TOKEN,
            "{\"target\": \"http://127.0.0.1:" + backend.getAddress().getPort() + "\"}");
    assertThat(added.statusCode()).isEqualTo(201);
    for (int i = 0; i < 20; i++) { // keep-alive: one client connection, pooled target connections
      HttpResponse<String> routed = get(port, "/user/ada/api/status?i=" + i);
      assertThat(routed.statusCode()).isEqualTo(200);
      assertThat(routed.body()).isEqualTo("backend saw /user/ada/api/status?i=" + i);
    }
  }

  private CliProcess start(int port, int apiPort, List<String> extra) throws IOException {
    return start(port, apiPort, extra, Map.of());
  }

  private CliProcess start(int port, int apiPort, List<String> extra, Map<String, String> env)
      throws IOException {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "proxy",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--api-port",
                Integer.toString(apiPort),
                "--default-target",
                "http://127.0.0.1:" + backend.getAddress().getPort()));
    arguments.addAll(extra);
    return CliProcess.start(
        arguments,
        Files.createTempFile(dir, "proxy", ".log"),
        dir,
        with(env, "CONFIGPROXY_AUTH_TOKEN", TOKEN));
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(name, value);
    return all;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
