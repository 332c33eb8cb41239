package dev.ganymede.proxy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ganymede.proxy.ChpRouteTable;
import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.TargetTls;
import dev.ganymede.proxy.TestVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The standalone proxy with TLS on its public port: HTTP and spliced WebSocket tunnels work through
 * it, the tunnel's bytes pass the TLS layer in both directions, and a close reaches the client.
 */
class StandaloneProxyTlsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void relaysHttpAndWebSocketsOverTlsOnThePublicPort() {
    Vertx vertx = TestVertx.create();
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    try (StandaloneProxy proxy =
        StandaloneProxy.start(
            vertx,
            onLoopback()
                .withTls(
                    new StandaloneProxyOptions.Tls(
                        Path.of(certificate.certificatePath()),
                        Path.of(certificate.privateKeyPath()))),
            1)) {
      int backendPort =
          vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost("127.0.0.1")
                      .setMaxWebSocketMessageSize(4 * 1024 * 1024))
              .requestHandler(request -> request.response().end("plain " + request.path()))
              .webSocketHandler(
                  ws -> {
                    ws.textMessageHandler(
                        text -> {
                          if (text.equals("close")) {
                            ws.close((short) 4003, "closing");
                          } else {
                            ws.writeTextMessage("echo " + text);
                          }
                        });
                    ws.binaryMessageHandler(ws::writeBinaryMessage);
                  })
              .listen(0)
              .await()
              .actualPort();
      proxy.routes().put(Route.of("/user/alice", URI.create("http://127.0.0.1:" + backendPort)));
      HttpClientAgent http =
          vertx.createHttpClient(
              new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
      WebSocketClient webSockets =
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setSsl(true)
                  .setTrustAll(true)
                  .setVerifyHost(false)
                  .setMaxMessageSize(4 * 1024 * 1024));
      byte[] big = new byte[3 * 1024 * 1024];
      new SplittableRandom(7).nextBytes(big);
      List<String> texts = new CopyOnWriteArrayList<>();
      List<Buffer> binaries = new CopyOnWriteArrayList<>();
      AtomicBoolean closed = new AtomicBoolean();

      String page =
          http.request(HttpMethod.GET, proxy.port(), "127.0.0.1", "/user/alice/tree")
              .compose(request -> request.send().compose(HttpClientResponse::body))
              .await()
              .toString();
      WebSocket ws =
          webSockets
              .connect(
                  new WebSocketConnectOptions()
                      .setHost("127.0.0.1")
                      .setPort(proxy.port())
                      .setURI("/user/alice/api/kernels/k1/channels"))
              .await();
      ws.textMessageHandler(texts::add);
      ws.binaryMessageHandler(binaries::add);
      ws.closeHandler(v -> closed.set(true));
      ws.writeTextMessage("over tls");
      ws.writeBinaryMessage(Buffer.buffer(big));

      assertThat(page).isEqualTo("plain /user/alice/tree");
      await().atMost(DEADLINE).until(() -> texts.size() == 1 && binaries.size() == 1);
      assertThat(texts).containsExactly("echo over tls");
      assertThat(Arrays.mismatch(binaries.get(0).getBytes(), big)).isEqualTo(-1);
      ws.writeTextMessage("close");
      await().atMost(DEADLINE).untilTrue(closed);
      assertThat(ws.closeStatusCode()).isEqualTo((short) 4003);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void theRouteApiOverTlsServesOnlyCallersWithACertificateItsCaVouchesFor() {
    Vertx vertx = TestVertx.create();
    SelfSignedCertificate apiCertificate = SelfSignedCertificate.create("localhost");
    SelfSignedCertificate hubCertificate = SelfSignedCertificate.create("hub");
    SelfSignedCertificate strangerCertificate = SelfSignedCertificate.create("stranger");
    try (StandaloneProxy proxy = startWithCertifiedApi(vertx, apiCertificate, hubCertificate)) {
      HttpClientOptions toApi =
          new HttpClientOptions()
              .setSsl(true)
              .setVerifyHost(false)
              .setTrustOptions(apiCertificate.trustOptions());

      Future<Integer> asHub =
          routes(vertx, toApi.setKeyCertOptions(hubCertificate.keyCertOptions()), proxy);
      Future<Integer> asStranger =
          routes(
              vertx,
              new HttpClientOptions(toApi).setKeyCertOptions(strangerCertificate.keyCertOptions()),
              proxy);
      Future<Integer> anonymous =
          routes(vertx, new HttpClientOptions(toApi).setKeyCertOptions(null), proxy);

      assertThat(asHub.await()).isEqualTo(200);
      assertThatThrownBy(asStranger::await).isInstanceOf(Exception.class);
      assertThatThrownBy(anonymous::await).isInstanceOf(Exception.class);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void theHubsRouteTableTrustsTheApisCaPresentsItsCertificateAndVerifiesTheApisName() {
    Vertx vertx = TestVertx.create();
    SelfSignedCertificate apiCertificate = SelfSignedCertificate.create("localhost");
    SelfSignedCertificate hubCertificate = SelfSignedCertificate.create("hub");
    TargetTls trustingTheApi =
        TargetTls.SYSTEM_TRUST.trusting(Path.of(apiCertificate.certificatePath()));
    TargetTls asHub =
        trustingTheApi.presenting(
            Path.of(hubCertificate.certificatePath()), Path.of(hubCertificate.privateKeyPath()));
    try (StandaloneProxy proxy = startWithCertifiedApi(vertx, apiCertificate, hubCertificate)) {
      URI byName = URI.create("https://localhost:" + proxy.apiPort());
      URI byAddress = URI.create("https://127.0.0.1:" + proxy.apiPort());
      try (ChpRouteTable hub = new ChpRouteTable(vertx, byName, "tls-test-token", asHub);
          ChpRouteTable anonymous =
              new ChpRouteTable(vertx, byName, "tls-test-token", trustingTheApi);
          ChpRouteTable trustingTheJvm =
              new ChpRouteTable(vertx, byName, "tls-test-token", TargetTls.SYSTEM_TRUST);
          ChpRouteTable wrongName = new ChpRouteTable(vertx, byAddress, "tls-test-token", asHub)) {
        hub.put(new Route("/user/ada", URI.create("http://127.0.0.1:9"), Map.of())).await();

        assertThat(hub.list().await()).containsOnlyKeys("/user/ada");
        // no certificate: the API refuses the handshake
        assertThatThrownBy(() -> anonymous.list().await()).isInstanceOf(Exception.class);
        // the API's self-signed certificate is not in the JVM's trust store
        assertThatThrownBy(() -> trustingTheJvm.list().await()).isInstanceOf(Exception.class);
        // the certificate names localhost, not 127.0.0.1
        assertThatThrownBy(() -> wrongName.list().await()).isInstanceOf(Exception.class);
      }
    } finally {
      vertx.close().await();
    }
  }

  /**
   * A proxy whose route API speaks TLS with {@code api}'s certificate and lets only callers with
   * {@code caller}'s certificate connect.
   */
  private static StandaloneProxy startWithCertifiedApi(
      Vertx vertx, SelfSignedCertificate api, SelfSignedCertificate caller) {
    return StandaloneProxy.start(
        vertx,
        onLoopback()
            .withApiTls(
                new StandaloneProxyOptions.ApiTls(
                    new StandaloneProxyOptions.Tls(
                        Path.of(api.certificatePath()), Path.of(api.privateKeyPath())),
                    Optional.of(Path.of(caller.certificatePath())),
                    ClientAuth.REQUIRED)),
        1);
  }

  /** Both ports on loopback, on any free port, with the test's API token. */
  private static StandaloneProxyOptions onLoopback() {
    return StandaloneProxyOptions.defaults()
        .withPublic("127.0.0.1", 0)
        .withApi("127.0.0.1", 0)
        .withAuthToken("tls-test-token");
  }

  /** {@code GET /api/routes} with the proxy's token through a client with {@code options}. */
  private static Future<Integer> routes(
      Vertx vertx, HttpClientOptions options, StandaloneProxy proxy) {
    // the client is closed once answered; held until then (Vert.x closes a client that is
    // garbage collected, and nothing else refers to this one)
    HttpClientAgent client = vertx.createHttpClient(options);
    return client
        .request(HttpMethod.GET, proxy.apiPort(), "127.0.0.1", "/api/routes")
        .compose(
            request ->
                request
                    .putHeader("Authorization", "token tls-test-token")
                    .send()
                    .map(HttpClientResponse::statusCode))
        .eventually(client::close);
  }
}
