package dev.ganymede.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ganymede.proxy.RawHttpClient.RawResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Netty path of the proxy ({@link FastPathConnection}, {@link FastExchange}, {@link
 * TargetPool}): which requests take it, connection reuse, failures, and how it shares a client
 * connection with the Vert.x path. Most HTTP behaviour is covered by {@link ProxyHttpIT} and {@link
 * ProxyStreamingIT}, which run over it too.
 */
class FastPathIT {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** An interceptor for routes whose data has {@code "checked": true}: the Vert.x path. */
  private static final ProxyInterceptor CHECKED =
      new ProxyInterceptor() {
        @Override
        public Future<ProxyDecision> beforeForward(ProxyExchange exchange) {
          return Future.succeededFuture(ProxyDecision.proceed());
        }

        @Override
        public boolean appliesTo(Route route) {
          return Boolean.TRUE.equals(route.data().get("checked"));
        }
      };

  private static int targetPort(HttpConnection connection) {
    return connection.remoteAddress().port();
  }

  @Test
  void plainRequestsTakeTheNettyPathAndInterceptedOnesTheVertxPath() {
    try (ProxyFixture fixture = ProxyFixture.start(b -> b.addInterceptor(CHECKED))) {
      URI backend = fixture.backend(ProxyHttpIT::echo);
      fixture.routes.put(Route.of("/user/alice", backend));
      fixture.routes.put(new Route("/user/bob", backend, Map.of("checked", true)));

      ProxyFixture.Response plain = fixture.get("/user/alice/api?x=1");
      long afterPlain = fixture.nettyPathExchanges();
      ProxyFixture.Response checked = fixture.get("/user/bob/api");

      assertThat(plain.status()).isEqualTo(200);
      assertThat(new JsonObject(plain.body()).getString("uri")).isEqualTo("/user/alice/api?x=1");
      assertThat(checked.status()).isEqualTo(200);
      assertThat(afterPlain).isEqualTo(1);
      assertThat(fixture.nettyPathExchanges()).isEqualTo(1);
    }
  }

  @Test
  void reusesAPooledTargetConnectionForTheNextRequest() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request -> request.response().end(String.valueOf(targetPort(request.connection()))));
      fixture.routes.put(Route.of("/user/alice", backend));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        String first = client.get("/user/alice/1").read().body();
        String second = client.get("/user/alice/2").read().body();
        String third = client.get("/user/alice/3").read().body();

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
      }
      assertThat(fixture.nettyPathExchanges()).isEqualTo(3);
    }
  }

  @Test
  void aTargetConnectionClosedWhileIdleIsNotReused() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      Set<Integer> ports = ConcurrentHashMap.newKeySet();
      URI backend =
          fixture.backend(
              request -> {
                HttpConnection connection = request.connection();
                ports.add(targetPort(connection));
                // keep-alive answer, then the target closes the connection while it is idle
                request.response().end("ok").onComplete(v -> connection.close());
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      for (int i = 0; i < 5; i++) {
        ProxyFixture.Response response = fixture.get("/user/alice/" + i);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("ok");
      }
      assertThat(ports).hasSize(5);
      // the last connection closed too: its pool is gone (targets come and go with servers)
      await().atMost(DEADLINE).until(() -> fixture.nettyPathPools() == 0);
    }
  }

  @Test
  void retriesOnceOnAFreshConnectionWhenAPooledOneClosesInsteadOfAnswering() throws Exception {
    try (ProxyFixture fixture = ProxyFixture.start();
        KeepAliveOnceTarget target = new KeepAliveOnceTarget()) {
      fixture.routes.put(Route.of("/user/alice", target.uri()));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        RawResponse first = client.get("/user/alice/1").read();
        RawResponse second = client.get("/user/alice/2").read();
        RawResponse post =
            client
                .send(
                    "POST /user/alice/3 HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: 0\r\n\r\n")
                .read();

        assertThat(first.status()).isEqualTo(200);
        // the pooled connection closed without an answer: a GET goes again on a new connection
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("answer on connection 2");
        // a POST is never sent twice
        assertThat(post.status()).isEqualTo(502);
      }
    }
  }

  @Test
  void closesTheTargetConnectionWhenTheClientGoesAwayMidResponse() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      List<Integer> ports = new CopyOnWriteArrayList<>();
      AtomicBoolean firstClosed = new AtomicBoolean();
      URI backend =
          fixture.backend(
              request -> {
                HttpConnection connection = request.connection();
                ports.add(targetPort(connection));
                if (request.path().endsWith("/slow")) {
                  connection.closeHandler(v -> firstClosed.set(true));
                  request.response().putHeader("Content-Length", "1000").write("a part only");
                } else {
                  request.response().end("whole");
                }
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        assertThat(client.get("/user/alice/slow").readStatus()).isEqualTo(200);
      }
      await().atMost(DEADLINE).untilTrue(firstClosed);
      ProxyFixture.Response next = fixture.get("/user/alice/next");

      assertThat(next.text()).isEqualTo("whole");
      assertThat(ports).hasSize(2);
      assertThat(ports.get(1)).isNotEqualTo(ports.get(0));
    }
  }

  @Test
  void failuresAreAnsweredByTheErrorHandlerAndTheConnectionStaysUsable() throws IOException {
    try (ProxyFixture fixture =
            ProxyFixture.start(
                b ->
                    b.options(
                        ProxyOptions.defaults().withResponseTimeout(Duration.ofMillis(300))));
        ServerSocket closedPort = new ServerSocket(0)) {
      URI down = URI.create("http://127.0.0.1:" + closedPort.getLocalPort());
      closedPort.close();
      fixture.routes.put(Route.of("/user/down", down));
      fixture.routes.put(Route.of("/user/mute", fixture.backend(request -> {})));
      fixture.routes.put(
          Route.of("/user/crash", fixture.backend(request -> request.connection().close())));
      fixture.routes.put(Route.of("/user/alice", fixture.backend(ProxyHttpIT::echo)));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        RawResponse unavailable = client.get("/user/down/x").read();
        RawResponse timeout = client.get("/user/mute/x").read();
        RawResponse badGateway = client.get("/user/crash/x").read();
        RawResponse fine = client.get("/user/alice/x").read();

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(new JsonObject(unavailable.body()).getInteger("status")).isEqualTo(503);
        assertThat(unavailable.header("content-type")).startsWith("application/json");
        assertThat(timeout.status()).isEqualTo(504);
        assertThat(badGateway.status()).isEqualTo(502);
        assertThat(fine.status()).isEqualTo(200);
      }
      assertThat(fixture.nettyPathExchanges()).isEqualTo(4);
    }
  }

  @Test
  void servesNettyPathAndVertxPathRequestsInOrderOnOneConnection() {
    try (ProxyFixture fixture = ProxyFixture.start(b -> b.addInterceptor(slowCheck()))) {
      URI backend =
          fixture.backend(
              request ->
                  request
                      .body()
                      .onSuccess(body -> request.response().end(request.path() + " " + body)));
      fixture.routes.put(Route.of("/fast", backend));
      fixture.routes.put(new Route("/checked", backend, Map.of("checked", true)));
      List<String> paths =
          List.of("/fast/1", "/checked/2", "/fast/3", "/checked/4", "/checked/5", "/fast/6");

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        List<String> oneByOne = new ArrayList<>();
        for (String path : paths) {
          oneByOne.add(client.send(post(path, "body" + path)).read().body());
        }
        StringBuilder pipelined = new StringBuilder();
        for (String path : paths) {
          pipelined.append(post(path, "body" + path));
        }
        client.send(pipelined.toString());
        List<String> inOrder = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
          inOrder.add(client.read().body());
        }

        List<String> expected = paths.stream().map(p -> p + " body" + p).toList();
        assertThat(oneByOne).isEqualTo(expected);
        assertThat(inOrder).isEqualTo(expected);
      }
      // one by one: every /fast request; pipelined: only the first, the others queued behind a
      // Vert.x request and went to Vert.x in order
      assertThat(fixture.nettyPathExchanges()).isEqualTo(4);
    }
  }

  private static String post(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: proxy.test\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** Like {@link #CHECKED}, deciding a little later on another thread. */
  private static ProxyInterceptor slowCheck() {
    return new ProxyInterceptor() {
      @Override
      public Future<ProxyDecision> beforeForward(ProxyExchange exchange) {
        Promise<ProxyDecision> decided = Promise.promise();
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  decided.complete(ProxyDecision.proceed());
                });
        return decided.future();
      }

      @Override
      public boolean appliesTo(Route route) {
        return Boolean.TRUE.equals(route.data().get("checked"));
      }
    };
  }

  @Test
  void relaysResponsesWithoutBodyAndKeepsTheConnectionInStep() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request -> {
                switch (request.path()) {
                  case "/user/alice/none" -> request.response().setStatusCode(204).end();
                  case "/user/alice/same" ->
                      request.response().setStatusCode(304).putHeader("ETag", "\"v1\"").end();
                  default ->
                      request
                          .response()
                          .putHeader("Content-Type", "text/plain")
                          .putHeader("Content-Length", "5")
                          .end(request.method() == HttpMethod.HEAD ? "" : "hello");
                }
              });
      fixture.routes.put(Route.of("/user/alice", backend));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        RawResponse head =
            client.send("HEAD /user/alice/file HTTP/1.1\r\nHost: proxy.test\r\n\r\n").read(true);
        RawResponse noContent = client.get("/user/alice/none").read();
        RawResponse notModified = client.get("/user/alice/same").read();
        RawResponse get = client.get("/user/alice/file").read();

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).isEqualTo("5");
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.header("transfer-encoding")).isNull();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("etag")).isEqualTo("\"v1\"");
        assertThat(get.body()).isEqualTo("hello");
      }
      assertThat(fixture.nettyPathExchanges()).isEqualTo(4);
    }
  }

  @Test
  void forwardsAChunkedUploadAndAnswersInChunksWhenTheLengthIsUnknown() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      URI backend =
          fixture.backend(
              request ->
                  request
                      .body()
                      .onSuccess(
                          body ->
                              request
                                  .response()
                                  .setChunked(true)
                                  .end(
                                      request.getHeader("Transfer-Encoding")
                                          + " "
                                          + body.toString())));
      fixture.routes.put(Route.of("/user/alice", backend));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        RawResponse response =
            client
                .send(
                    "POST /user/alice/upload HTTP/1.1\r\nHost: proxy.test\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                .read();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(response.body()).isEqualTo("chunked hello world");
      }
      assertThat(fixture.nettyPathExchanges()).isEqualTo(1);
    }
  }

  @Test
  void closesTheConnectionAfterAnsweringConnectionClose() {
    try (ProxyFixture fixture = ProxyFixture.start()) {
      fixture.routes.put(
          Route.of("/user/alice", fixture.backend(request -> request.response().end("bye"))));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        RawResponse response =
            client
                .send("GET /user/alice/x HTTP/1.1\r\nHost: proxy.test\r\nConnection: close\r\n\r\n")
                .read();

        assertThat(response.body()).isEqualTo("bye");
        assertThat(response.header("connection")).isEqualTo("close");
        assertThat(client.closedByPeer()).isTrue();
      }
      assertThat(fixture.nettyPathExchanges()).isEqualTo(1);
    }
  }

  @Test
  void queuesRequestsBeyondThePoolSizeAndServesThemAll() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b -> b.options(ProxyOptions.defaults().withMaxConnectionsPerTarget(2)))) {
      Set<Integer> ports = ConcurrentHashMap.newKeySet();
      AtomicInteger served = new AtomicInteger();
      URI backend =
          fixture.backend(
              request -> {
                ports.add(targetPort(request.connection()));
                fixture.vertx.setTimer(
                    20, t -> request.response().end(String.valueOf(served.incrementAndGet())));
              });
      fixture.routes.put(Route.of("/user/alice", backend));
      List<RawHttpClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          clients.add(new RawHttpClient(fixture.proxyPort()).get("/user/alice/" + i));
        }
        for (RawHttpClient client : clients) {
          assertThat(client.read().status()).isEqualTo(200);
        }
      } finally {
        clients.forEach(RawHttpClient::close);
      }
      assertThat(served).hasValue(8);
      assertThat(ports).hasSizeLessThanOrEqualTo(2);
    }
  }

  @Test
  void aRequestWaitingForAPooledConnectionGivesUpAfterTheConnectTimeout() {
    try (ProxyFixture fixture =
        ProxyFixture.start(
            b ->
                b.options(
                    ProxyOptions.defaults()
                        .withMaxConnectionsPerTarget(1)
                        .withConnectTimeout(Duration.ofMillis(300))))) {
      fixture.routes.put(Route.of("/user/alice", fixture.backend(request -> {})));

      try (RawHttpClient busy = new RawHttpClient(fixture.proxyPort());
          RawHttpClient waiting = new RawHttpClient(fixture.proxyPort());
          RawHttpClient late = new RawHttpClient(fixture.proxyPort())) {
        busy.get("/user/alice/hangs");
        await().atMost(DEADLINE).until(() -> fixture.nettyPathExchanges() == 1);
        long start = System.nanoTime();
        waiting.get("/user/alice/waits");
        late.get("/user/alice/waits-too");

        assertThat(waiting.read().status()).isEqualTo(503);
        assertThat(late.read().status()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isBetween(Duration.ofMillis(250), DEADLINE);
      }
    }
  }

  @Test
  void relaysWhatTheTargetFramesItsWayAndAnswersAMalformedResponseWithBadGateway()
      throws IOException {
    try (ProxyFixture fixture = ProxyFixture.start();
        ScriptedTarget target =
            new ScriptedTarget(
                Map.of(
                    "/user/raw/until-close",
                    "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the close",
                    "/user/raw/chunked",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                        + "3;ext=1\r\nabc\r\n0\r\nX-Sum: 3\r\n\r\n",
                    "/user/raw/folded",
                    "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n"))) {
      fixture.routes.put(Route.of("/user/raw", target.uri()));

      try (RawHttpClient client = new RawHttpClient(fixture.proxyPort())) {
        RawResponse untilClose = client.get("/user/raw/until-close").read();
        RawResponse chunked = client.get("/user/raw/chunked").read();
        RawResponse folded = client.get("/user/raw/folded").read();
        RawResponse again = client.get("/user/raw/chunked").read();

        assertThat(untilClose.status()).isEqualTo(200);
        assertThat(untilClose.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(untilClose.body()).isEqualTo("until the close");
        assertThat(chunked.body()).isEqualTo("abc");
        assertThat(chunked.headers()).doesNotContainKeys("trailer", "x-sum");
        assertThat(folded.status()).isEqualTo(502);
        assertThat(new JsonObject(folded.body()).getInteger("status")).isEqualTo(502);
        assertThat(again.body()).isEqualTo("abc");
      }
      assertThat(fixture.nettyPathExchanges()).isEqualTo(4);
    }
  }

  /**
   * A plain-socket target on a free port: each connection is served on its own virtual thread by
   * {@link #serve}, with the connection's number (from 1).
   */
  private abstract static class SocketTarget implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    SocketTarget() throws IOException {
      server = new ServerSocket(0);
    }

    /** Starts accepting; called by the subclass once it is constructed. */
    final void start() {
      Thread.ofVirtual().start(this::accept);
    }

    abstract void serve(Socket socket, int number);

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          int number = connections.incrementAndGet();
          Thread.ofVirtual().start(() -> serve(socket, number));
        } catch (IOException e) {
          return;
        }
      }
    }

    /** Reads a request head (no body) and returns it. */
    static String readHead(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int matched = 0;
      while (matched < 4) {
        int c = in.read();
        if (c == -1) {
          throw new UncheckedIOException(new IOException("closed"));
        }
        head.append((char) c);
        matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
      }
      return head.toString();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /**
   * A target that answers each request with the bytes scripted for its path, then closes the
   * connection if the script is an HTTP/1.0 response (whose body lasts until the close).
   */
  private static final class ScriptedTarget extends SocketTarget {
    private final Map<String, String> responses;

    ScriptedTarget(Map<String, String> responses) throws IOException {
      this.responses = responses;
      start();
    }

    @Override
    void serve(Socket socket, int number) {
      try (socket) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
          String head = readHead(in);
          String path =
              head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
          String response =
              responses.getOrDefault(path, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
          out.write(response.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          if (response.startsWith("HTTP/1.0")) {
            return;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // the proxy went away
      }
    }
  }

  /**
   * A target that answers the first request of each connection with keep-alive and closes the
   * connection when a second request arrives on it, as a server whose keep-alive timeout fired just
   * then.
   */
  private static final class KeepAliveOnceTarget extends SocketTarget {
    KeepAliveOnceTarget() throws IOException {
      start();
    }

    @Override
    void serve(Socket socket, int number) {
      try (socket) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        readHead(in);
        String body = "answer on connection " + number;
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        readHead(in);
      } catch (IOException e) {
        // the proxy went away
      }
    }
  }
}
