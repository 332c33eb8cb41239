package dev.ganymede.proxy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.proxy.ChpRouteTable;
import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.RouteEntry;
import dev.ganymede.proxy.TestVertx;
import dev.ganymede.testkit.ApiCalls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone proxy through its two ports: configurable-http-proxy's route API (including its
 * error answers), relaying HTTP, large bodies and WebSockets, the error target, and hub-session
 * routes checked against a stand-in hub. One proxy and one backend are shared by the class.
 */
class StandaloneProxyIT {
  private static final String TOKEN = "test-proxy-token";
  private static final long BIG = 64L * 1024 * 1024;

  private static Vertx vertx;
  private static StandaloneProxy proxy;
  private static URI backend;
  private static URI fakeHub;
  private static final AtomicInteger hubAuthCalls = new AtomicInteger();
  private static final ConcurrentLinkedQueue<String> seenTokens = new ConcurrentLinkedQueue<>();
  private static volatile boolean hubUp = true;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    vertx = TestVertx.create();
    backend = listen(backendServer());
    fakeHub = listen(fakeHubServer());
    proxy =
        StandaloneProxy.start(
            vertx,
            StandaloneProxyOptions.defaults()
                .withPublic("127.0.0.1", 0)
                .withApi("127.0.0.1", 0)
                .withAuthToken(TOKEN)
                .withDefaultTarget(fakeHub)
                .withErrorTarget(URI.create(fakeHub + "/hub/error"))
                .withHubAuthUrl(URI.create(fakeHub + "/hub/api/internal/authorize-route")));
  }

  @AfterAll
  static void stop() {
    proxy.close();
    vertx.close().await();
  }

  @Test
  void routeApiKeepsExtraFieldsAndReportsActivityLikeConfigurableHttpProxy() throws Exception {
    assertThat(
            api(
                    "POST",
                    "/api/routes/user/alice/",
                    TOKEN,
                    "{\"target\":\""
                        + backend
                        + "\",\"user\":\"alice\",\"server_name\":\"\",\"jupyterhub\":true}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> one = api("GET", "/api/routes/user/alice", TOKEN, null);
    JsonObject route = new JsonObject(one.body());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(route.getString("target")).isEqualTo(backend.toString());
    assertThat(route.getBoolean("jupyterhub")).isTrue();
    assertThat(route.getString("user")).isEqualTo("alice");
    assertThat(route.getString("last_activity"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    String before = route.getString("last_activity");

    assertThat(get("/user/alice/hello").body()).isEqualTo("hello from /user/alice/hello");
    JsonObject all = new JsonObject(api("GET", "/api/routes", TOKEN, null).body());
    assertThat(all.fieldNames()).contains("/", "/user/alice");
    assertThat(all.getJsonObject("/user/alice").getString("last_activity"))
        .isGreaterThanOrEqualTo(before);
    JsonObject inactive =
        new JsonObject(
            api("GET", "/api/routes?inactive_since=2000-01-01T00:00:00.000Z", TOKEN, null).body());
    assertThat(inactive.fieldNames()).doesNotContain("/user/alice");

    assertThat(api("DELETE", "/api/routes/user/alice", TOKEN, null).statusCode()).isEqualTo(204);
    assertThat(api("GET", "/api/routes/user/alice", TOKEN, null).statusCode()).isEqualTo(404);
  }

  @Test
  void routeApiRefusesBadTokensBadJsonUnknownRoutesAndOtherMethods() throws Exception {
    HttpResponse<String> noToken = api("GET", "/api/routes", null, null);
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).isEmpty();
    assertThat(api("GET", "/api/routes", "wrong", null).statusCode()).isEqualTo(403);
    assertThat(
            api("POST", "/api/routes/x", "wrong", "{\"target\":\"http://127.0.0.1:1\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(api("POST", "/api/routes/x", TOKEN, "{not json").statusCode()).isEqualTo(400);
    assertThat(api("POST", "/api/routes/x", TOKEN, "{\"target\":5}").statusCode()).isEqualTo(400);
    assertThat(api("GET", "/api/routes?inactive_since=yesterday", TOKEN, null).statusCode())
        .isEqualTo(400);
    assertThat(api("DELETE", "/api/routes/nobody/here", TOKEN, null).statusCode()).isEqualTo(404);
    assertThat(api("GET", "/api/routes/nobody/here", TOKEN, null).statusCode()).isEqualTo(404);
    assertThat(api("PUT", "/api/routes/x", TOKEN, "{}").statusCode()).isEqualTo(405);
    assertThat(api("GET", "/api/other", TOKEN, null).statusCode()).isEqualTo(404);
  }

  @Test
  void chpClientRoundTripsRoutesThroughTheApi() {
    try (ChpRouteTable table = new ChpRouteTable(vertx, apiUrl(), TOKEN)) {
      table.put(new Route("/user/b@c", backend, Map.of("user", "b@c", "auth", "none"))).await();
      Map<String, RouteEntry> listed = table.list().await();
      assertThat(listed).containsKey("/user/b@c");
      assertThat(listed.get("/user/b@c").route().data()).containsEntry("user", "b@c");
      assertThat(listed.get("/").route().target()).isEqualTo(fakeHub);
      assertThat(table.remove("/user/b@c").await()).isTrue();
      assertThat(table.remove("/user/b@c").await()).isFalse();
      assertThat(new ChpRouteTableProbe(vertx, apiUrl()).listFails()).isTrue();
    }
  }

  @Test
  void unmatchedPathsGoToTheDefaultTargetAndDeadTargetsToTheErrorTarget() throws Exception {
    assertThat(get("/hub/home").body()).isEqualTo("hub page /hub/home");
    assertThat(get("/_chp_healthz").body()).isEqualTo("{\"status\":\"OK\"}");
    proxy.routes().put(Route.of("/user/gone", URI.create("http://127.0.0.1:1"))).await();
    HttpResponse<String> dead = get("/user/gone/lab");
    assertThat(dead.statusCode()).isEqualTo(503);
    assertThat(dead.body()).isEqualTo("error page 503 for /user/gone/lab");
  }

  @Test
  void streamsLargeBodiesBothWaysAndRelaysWebSockets() throws Exception {
    proxy.routes().put(Route.of("/user/big", backend)).await();
    long nettyPathBefore = proxy.nettyPathExchanges();
    HttpResponse<InputStream> download =
        http.send(
            request("/user/big/download").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    long read = 0;
    try (InputStream in = download.body()) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read += n;
      }
    }
    assertThat(read).isEqualTo(BIG);
    HttpResponse<String> upload =
        http.send(
            request("/user/big/upload")
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(BIG)), BIG))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.body()).isEqualTo("received " + BIG);
    // plain HTTP/1.1 routes take the Netty path (the client's h2c offer is ignored)
    assertThat(proxy.nettyPathExchanges() - nettyPathBefore).isEqualTo(2);

    List<String> echoes = new ArrayList<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + proxy.port() + "/user/big/ws"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    synchronized (echoes) {
                      echoes.add(data.toString());
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .join();
    socket.sendText("ping", true).join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              synchronized (echoes) {
                return echoes.contains("echo ping");
              }
            });
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
  }

  @Test
  void hubSessionRoutesAskTheHubOnceAndKeepWorkingWhileItIsDown() throws Exception {
    proxy
        .routes()
        .put(new Route("/user/carol", backend, Map.of("user", "carol", "auth", "hub-session")))
        .await();
    HttpResponse<String> noSession = get("/user/carol/hello");
    assertThat(noSession.statusCode()).isEqualTo(403);
    HttpResponse<String> navigation =
        http.send(
            request("/user/carol/lab").header("Accept", "text/html").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(navigation.statusCode()).isEqualTo(302);
    assertThat(navigation.headers().firstValue("Location"))
        .hasValue("/hub/login?next=%2Fuser%2Fcarol%2Flab");

    int callsBefore = hubAuthCalls.get();
    HttpResponse<String> allowed =
        getWithCookie("/user/carol/token", "ganymede-session=good; other=1");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).isEqualTo("token=secret-for-carol cookie=other=1");
    getWithCookie("/user/carol/token", "ganymede-session=good");
    assertThat(hubAuthCalls.get() - callsBefore).isEqualTo(1);
    assertThat(getWithCookie("/user/carol/token", "ganymede-session=bad").statusCode())
        .isEqualTo(403);

    hubUp = false;
    try {
      assertThat(getWithCookie("/user/carol/token", "ganymede-session=good").statusCode())
          .isEqualTo(200);
      assertThat(getWithCookie("/user/carol/token", "ganymede-session=unknown").statusCode())
          .isEqualTo(503);
    } finally {
      hubUp = true;
    }
  }

  private static HttpServer backendServer() {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .webSocketHandler(ws -> ws.textMessageHandler(text -> ws.writeTextMessage("echo " + text)))
        .requestHandler(
            request -> {
              String path = request.path();
              if (path.endsWith("/download")) {
                request.response().putHeader("Content-Length", Long.toString(BIG));
                io.vertx.core.buffer.Buffer chunk =
                    io.vertx.core.buffer.Buffer.buffer(new byte[64 * 1024]);
                writeChunks(request.response(), chunk, BIG / chunk.length());
              } else if (path.endsWith("/upload")) {
                long[] received = {0};
                request.handler(b -> received[0] += b.length());
                request.endHandler(v -> request.response().end("received " + received[0]));
              } else if (path.endsWith("/token")) {
                request
                    .response()
                    .end(
                        "token="
                            + request.getHeader("X-Ganymede-Server-Token")
                            + " cookie="
                            + request.getHeader("Cookie"));
              } else {
                request.response().end("hello from " + path);
              }
            });
  }

  private static void writeChunks(
      io.vertx.core.http.HttpServerResponse response,
      io.vertx.core.buffer.Buffer chunk,
      long left) {
    while (left > 0 && !response.writeQueueFull()) {
      response.write(chunk);
      left--;
    }
    if (left == 0) {
      response.end();
      return;
    }
    long remaining = left;
    response.drainHandler(v -> writeChunks(response, chunk, remaining));
  }

  private static HttpServer fakeHubServer() {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(
            request -> {
              if (!hubUp) {
                request.connection().close();
                return;
              }
              String path = request.path();
              if (path.startsWith("/hub/error/")) {
                request
                    .response()
                    .setStatusCode(200)
                    .end("error page " + path.substring(11) + " for " + request.getParam("url"));
              } else if (path.equals("/hub/api/internal/authorize-route")) {
                hubAuthCalls.incrementAndGet();
                seenTokens.add(String.valueOf(request.getHeader("Authorization")));
                request
                    .body()
                    .onSuccess(
                        body -> {
                          JsonObject ask = body.toJsonObject();
                          JsonObject answer =
                              "good".equals(ask.getString("session"))
                                      && "carol".equals(ask.getString("user"))
                                  ? new JsonObject()
                                      .put("allow", true)
                                      .put(
                                          "headers",
                                          new JsonObject()
                                              .put("X-Ganymede-Server-Token", "secret-for-carol"))
                                      .put("stripCookies", List.of("ganymede-session"))
                                  : new JsonObject()
                                      .put("allow", false)
                                      .put("status", 403)
                                      .put("message", "no")
                                      .put("loginUrl", "/hub/login");
                          request
                              .response()
                              .putHeader("Content-Type", "application/json")
                              .end(answer.encode());
                        });
              } else {
                request.response().end("hub page " + path);
              }
            });
  }

  private static URI listen(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.listen(0).await().actualPort());
  }

  private static URI apiUrl() {
    return URI.create("http://127.0.0.1:" + proxy.apiPort());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
        .timeout(Duration.ofSeconds(60));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> getWithCookie(String path, String cookie) throws Exception {
    return http.send(
        request(path).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> api(String method, String path, String token, String body) {
    return ApiCalls.send(apiUrl(), method, path, token, body);
  }

  /** A client with the wrong token: its calls fail. */
  private record ChpRouteTableProbe(Vertx vertx, URI api) {
    boolean listFails() {
      try (ChpRouteTable wrong = new ChpRouteTable(vertx, api, "wrong")) {
        wrong.list().await();
        return false;
      } catch (ChpRouteTable.ProxyApiException e) {
        return true;
      }
    }
  }

  /** {@code size} zero bytes. */
  private static final class ZeroStream extends InputStream {
    private long left;

    ZeroStream(long size) {
      left = size;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
